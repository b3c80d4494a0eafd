package engine

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestReleasedMemoryRunsAsFresh runs a campaign on an engine built with the memory
// another engine released, and checks its actions and enrollments against the same
// campaign on a fresh engine: room for more leads is taken, room for fewer is not, and
// neither changes what the engine does.
func TestReleasedMemoryRunsAsFresh(t *testing.T) {
	t.Parallel()
	seq := parseSeq(t, flowSeq)
	// play enrolls n leads, p<first>... (every third accepts), on an engine built with
	// mem, runs it for the days, and returns the engine, its ledger and each
	// enrollment's state.
	play := func(mem *Memory, n, first, days int) (*Engine, []paceline.Action, []string) {
		w := &world{react: func(a paceline.Action) []paceline.Event {
			var id int
			fmt.Sscanf(a.Lead, "p%d", &id)
			if a.Kind != paceline.KindInvite || id%3 != 0 {
				return nil
			}
			return []paceline.Event{{At: a.At.Add(5 * time.Hour), Account: a.Account, Lead: a.Lead, Type: paceline.EventAccepted}}
		}}
		g, err := New(Options{Executor: w, Ledger: w, Seed: 7, ExpectLeads: n, Memory: mem})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"a", "b"} {
			sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
			if err := g.AddAccount(Account{Name: name, Pacer: &gapPacer{gap: 2 * time.Minute, notes: -1}, Schedule: sched}); err != nil {
				t.Fatal(err)
			}
		}
		if err := g.AddCampaign(Campaign{Name: "c1", Sequence: seq, Accounts: []string{"a", "b"}}); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if _, err := g.Enroll("c1", testLead(fmt.Sprintf("p%d", first+i)), t0); err != nil {
				t.Fatal(err)
			}
		}
		w.run(t, g, t0.Add(time.Duration(days)*24*time.Hour))
		var states []string
		for _, e := range g.Enrollments() {
			states = append(states, fmt.Sprintf("%d %s %s %s %v %v", e.ID, e.Key, e.Account, e.State, e.Connected, e.Ended))
		}
		return g, w.actions, states
	}
	// Released while its leads still run: their people and enrollments point at it.
	big, _, _ := play(nil, 40, 0, 1)
	if len(big.seats[0].connected)+len(big.seats[1].connected) == 0 {
		t.Fatal("no lead accepted before the release: the seats' maps are not exercised")
	}
	mem := big.Release()
	// Each seat's maps come back emptied (a connection left over would change what
	// the next run does), and go to the seat of the same place.
	released := slices.Clone(mem.seatMaps)
	if len(released) != 2 {
		t.Fatalf("released the maps of %d seats, want 2", len(released))
	}
	for i, m := range released {
		if len(m.pending) != 0 || len(m.connected) != 0 {
			t.Errorf("seat %d: released maps hold %d pending invites and %d connections, want none", i, len(m.pending), len(m.connected))
		}
	}
	// Each seat's ready queues come back to the same seat and kind.
	var grown []int
	for _, q := range mem.ready {
		grown = append(grown, cap(q))
	}
	if len(grown) != 2*paceline.NumActionKinds || slices.Max(grown) == 0 {
		t.Fatalf("released ready queues of capacity %v, want the 2 seats' %d grown ones", grown, paceline.NumActionKinds)
	}
	reused, gotActions, gotStates := play(mem, 25, 0, 30) // room for 40 leads: taken
	if mem.slab != nil || mem.people != nil || mem.ready != nil || mem.seatMaps != nil {
		t.Error("the engine did not take the released memory")
	}
	for i, s := range reused.seats {
		if reflect.ValueOf(s.connected).Pointer() != reflect.ValueOf(released[i].connected).Pointer() ||
			reflect.ValueOf(s.pending).Pointer() != reflect.ValueOf(released[i].pending).Pointer() {
			t.Errorf("seat %s did not take the maps released by the seat of its place", s.Name)
		}
		for k, q := range s.ready {
			if c := grown[i*paceline.NumActionKinds+k]; cap(q) < c {
				t.Errorf("seat %s kind %d: ready queue of capacity %d, want the released %d or more", s.Name, k, cap(q), c)
			}
		}
	}
	_, wantActions, wantStates := play(nil, 25, 0, 30)
	if !reflect.DeepEqual(gotActions, wantActions) || !reflect.DeepEqual(gotStates, wantStates) {
		t.Errorf("on released memory the engine did\n%v\n%v\nwant\n%v\n%v", gotActions, gotStates, wantActions, wantStates)
	}
	mem = reused.Release()
	_, gotActions, gotStates = play(mem, 60, 7, 30) // room for 40 leads: not taken
	if mem.slab == nil {
		t.Error("the engine took memory too small for its leads")
	}
	_, wantActions, wantStates = play(nil, 60, 7, 30)
	if !reflect.DeepEqual(gotActions, wantActions) || !reflect.DeepEqual(gotStates, wantStates) {
		t.Error("with released memory too small, the engine did otherwise than a fresh one")
	}
	if len(wantActions) < 60 {
		t.Errorf("the campaign made %d actions, want at least one a lead", len(wantActions))
	}
}
