package engine

import (
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// An engine cut off every few hours and rebuilt from its enrollments' snapshots sends
// exactly what an engine that ran without a break sends, under the same keys: this is
// what lets a durable runtime rebuild the engine at every tick.
func TestRestoreCarriesOn(t *testing.T) {
	t.Parallel()
	src := `
name: r
steps:
  - id: look
    visit: {}
  - id: connect
    invite: {note: "Hi {{first_name}}"}
    wait_for: {event: accepted, timeout: 3d, on_timeout: withdraw}
  - id: hello
    delay: 1d
    if: connected
    message: "Thanks"
  - id: nudge
    delay: 2d
    if: connected
    message: "Again"
`
	leads := []string{"ada", "bob", "cy", "dee", "eve", "fay"}
	end := t0.Add(14 * 24 * time.Hour)
	react := func(w *world) {
		w.react = func(a paceline.Action) []paceline.Event {
			if a.Lead == "bob" || a.Lead == "eve" {
				return nil // never accepts: the invite is withdrawn
			}
			return accept(5 * time.Hour)(a)
		}
	}

	whole := &world{}
	react(whole)
	g, _ := newEngine(t, whole, []string{"alice"}, parseSeq(t, src))
	for _, l := range leads {
		if _, err := g.Enroll("c1", testLead(l), t0); err != nil {
			t.Fatal(err)
		}
	}
	whole.run(t, g, end)

	cut := &world{}
	react(cut)
	g, pacers := newEngine(t, cut, []string{"alice"}, parseSeq(t, src))
	for _, l := range leads {
		if _, err := g.Enroll("c1", testLead(l), t0); err != nil {
			t.Fatal(err)
		}
	}
	for at := t0.Add(7 * time.Hour); ; at = at.Add(7 * time.Hour) {
		if at.After(end) {
			at = end
		}
		cut.run(t, g, at)
		if at.Equal(end) {
			break
		}
		snaps := map[string]Snapshot{}
		for _, e := range g.Enrollments() {
			snaps[e.Key] = e.Snapshot()
		}
		next, err := New(Options{Executor: cut, Ledger: cut, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if err := next.AddAccount(Account{Name: "alice", Pacer: pacers["alice"], Schedule: g.byName["alice"].Schedule}); err != nil {
			t.Fatal(err)
		}
		if err := next.AddCampaign(g.campaigns["c1"].Campaign); err != nil {
			t.Fatal(err)
		}
		for _, l := range leads {
			if _, err := next.Restore("c1", testLead(l), "alice", snaps[l]); err != nil {
				t.Fatal(err)
			}
		}
		g = next
	}
	keys := func(w *world) []string {
		var out []string
		for _, a := range w.actions {
			out = append(out, a.At.Format(time.RFC3339)+" "+a.Key)
		}
		return out
	}
	if !slices.Equal(keys(whole), keys(cut)) {
		t.Fatalf("restored run differs\nwhole: %v\ncut:   %v", keys(whole), keys(cut))
	}
	if len(whole.actions) < 3*len(leads) {
		t.Fatalf("only %d actions: the test does not exercise the sequence", len(whole.actions))
	}
}
