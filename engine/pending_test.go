package engine

import "testing"

// TestPendingInvitesPerSeat drives the pending-invite store through a lead with invites
// from two seats at once (the second goes to the seat's overflow map), updates, drops
// and a walk, checking that each seat sees exactly its own invite.
func TestPendingInvitesPerSeat(t *testing.T) {
	g := &Engine{personIDs: map[string]int32{}}
	a := &seat{index: 0, pending: map[int32]invite{}}
	b := &seat{index: 1, pending: map[int32]invite{}}
	ann, bob := g.personID("ann"), g.personID("bob")
	count := func(s *seat) int {
		n := 0
		g.eachPending(s, func(int32, invite) { n++ })
		return n
	}
	want := func(s *seat, id int32, at int64) {
		t.Helper()
		inv, ok := g.pendingInvite(s, id)
		if ok != (at != 0) || inv.at != at {
			t.Fatalf("seat %d, lead %d: pending %v at %d, want at %d", s.index, id, ok, inv.at, at)
		}
	}

	g.setPending(a, ann, invite{at: 1})
	g.setPending(b, ann, invite{at: 2}) // ann has A's invite already: B's overflows
	g.setPending(b, bob, invite{at: 3})
	want(a, ann, 1)
	want(b, ann, 2)
	want(b, bob, 3)
	want(a, bob, 0)
	if count(a) != 1 || count(b) != 2 {
		t.Fatalf("walks found %d and %d invites, want 1 and 2", count(a), count(b))
	}

	g.dropPending(a, ann)
	g.setPending(b, ann, invite{at: 4}) // an update stays where the invite is
	want(a, ann, 0)
	want(b, ann, 4)
	if count(b) != 2 {
		t.Fatalf("B's walk found %d invites after an update, want 2", count(b))
	}
	g.dropPending(b, ann)
	want(b, ann, 0)
	if count(b) != 1 {
		t.Fatalf("B's walk found %d invites after a drop, want 1", count(b))
	}
	g.setPending(a, ann, invite{at: 5}) // the lead's own slot is free again
	want(a, ann, 5)
	if len(a.pending) != 0 {
		t.Fatalf("A's overflow holds %d invites, want none", len(a.pending))
	}
}
