package engine

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A connection told to the engine before it runs (what the ledger showed) skips the
// invite on that account and goes on to the messages, and the lead's new enrollment
// is given that account; a lead not connected is invited as usual.
func TestConnectSkipsTheInvite(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, _ := newEngine(t, w, []string{"a", "b"}, parseSeq(t, flowSeq))
	if err := g.Connect("b", "ada", t0.Add(-200*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ account, lead string }{{"nobody", "ada"}, {"a", ""}} {
		if err := g.Connect(bad.account, bad.lead, t0); paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("Connect(%q, %q) = %v, want invalid", bad.account, bad.lead, err)
		}
	}
	ada, err := g.Enroll("c1", testLead("ada"), t0)
	if err != nil {
		t.Fatal(err)
	}
	if ada.Account != "b" || !ada.Connected {
		t.Fatalf("ada's enrollment: account %s, connected %v; want b, connected", ada.Account, ada.Connected)
	}
	if _, err := g.Enroll("c1", testLead("gus"), t0); err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(time.Hour))
	if got := w.kinds("ada"); len(got) == 0 || got[0] != "message:hello" {
		t.Errorf("ada was sent %v, want the first message and no invite", got)
	}
	if got := w.kinds("gus"); len(got) == 0 || got[0] != "invite:connect" {
		t.Errorf("gus was sent %v, want the invite first", got)
	}
}

// An invite the ledger shows pending, with no enrollment waiting for it, is not sent
// again: a new enrollment on that account waits for its answer, and the accept moves
// it on to the messages. Another account, which has nothing pending, still invites.
func TestInvitePendingIsNotSentAgain(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	sent := t0.Add(-3 * 24 * time.Hour)
	if err := g.InvitePending("a", "ada", sent); err != nil {
		t.Fatal(err)
	}
	if err := g.InvitePending("nobody", "ada", sent); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("an unknown account: %v, want invalid", err)
	}
	ada, err := g.Enroll("c1", testLead("ada"), t0)
	if err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(time.Hour))
	if got := w.kinds("ada"); len(got) != 0 || ada.State != Waiting {
		t.Fatalf("ada was sent %v and is %v; want nothing sent, waiting for the pending invite's answer", got, ada.State)
	}
	w.pending = append(w.pending, paceline.Event{At: t0.Add(2 * time.Hour), Account: "a", Lead: "ada", Type: paceline.EventAccepted})
	w.run(t, g, t0.Add(4*time.Hour))
	if got := w.kinds("ada"); len(got) == 0 || got[0] != "message:hello" {
		t.Errorf("after the accept ada was sent %v, want the first message", got)
	}
}
