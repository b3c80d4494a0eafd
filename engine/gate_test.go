package engine

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// reviewWorld is a world whose notes to some leads wait for a person: its Gate says
// not yet until the test approves the lead.
type reviewWorld struct {
	*world
	review   map[string]bool // leads whose note waits for a review
	approved map[string]bool
	asked    map[string]int
	texts    map[string]string // the note each lead was sent
}

func (w *reviewWorld) Ready(_ context.Context, a paceline.Action, t Text) (bool, time.Time, error) {
	w.asked[a.Lead]++
	if t.Note == "" && a.Kind == paceline.KindInvite && a.WithNote {
		panic("the gate was asked before the note was rendered")
	}
	if w.review[a.Lead] && !w.approved[a.Lead] {
		return false, a.At.Add(30 * time.Minute), nil
	}
	return true, time.Time{}, nil
}

func (w *reviewWorld) ExecuteText(ctx context.Context, a paceline.Action, t Text) (Outcome, error) {
	w.texts[a.Lead] = t.Note
	return w.world.Execute(ctx, a)
}

// TestGateHoldsUntilReady: a note waiting for a review takes no slot and leaves no
// trace in the ledger; the other leads go out in the slots; once approved, the held
// leads go out in later slots the Pacer grants, spaced by its gap, not all at once.
func TestGateHoldsUntilReady(t *testing.T) {
	t.Parallel()
	w := &reviewWorld{world: &world{}, review: map[string]bool{"ann": true, "bea": true, "cat": true},
		approved: map[string]bool{}, asked: map[string]int{}, texts: map[string]string{}}
	g, err := New(Options{Executor: w, Ledger: w, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	p := &gapPacer{gap: 10 * time.Minute, notes: -1}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	if err := g.AddAccount(Account{Name: "a", Pacer: p, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddCampaign(Campaign{Name: "c1", Sequence: parseSeq(t, pauseSeq), Accounts: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"ann", "bea", "cat", "dan", "eve"} {
		if _, err := g.Enroll("c1", testLead(key), t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(2*time.Hour))
	for _, a := range w.actions {
		if w.review[a.Lead] {
			t.Errorf("%s went out before its review: %+v", a.Lead, a)
		}
	}
	if len(w.actions) != 2 || w.asked["ann"] < 2 {
		t.Fatalf("before the review: %d actions (want dan and eve), ann asked %d times (want again at each retry)", len(w.actions), w.asked["ann"])
	}

	// The person approves all three at once, at 11:00.
	for _, key := range []string{"ann", "bea", "cat"} {
		w.approved[key] = true
	}
	w.run(t, g, t0.Add(6*time.Hour))
	var sent []time.Time
	for _, a := range w.actions {
		if w.review[a.Lead] {
			sent = append(sent, a.At)
			if w.texts[a.Lead] != "Hi Ada" {
				t.Errorf("%s was sent %q, want its rendered note", a.Lead, w.texts[a.Lead])
			}
		}
	}
	if len(sent) != 3 {
		t.Fatalf("after the approval %d of the 3 held invites went out: %+v", len(sent), w.actions)
	}
	for i := 1; i < len(sent); i++ {
		if gap := sent[i].Sub(sent[i-1]); gap < p.gap {
			t.Errorf("approved invites went out %v apart, closer than the Pacer's gap %v", gap, p.gap)
		}
	}
	for _, a := range w.actions {
		if a.Key != "c1/"+a.Lead+"/connect" {
			t.Errorf("action key %q: a held step must not count as an attempt", a.Key)
		}
	}
}
