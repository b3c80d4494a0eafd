package engine

import (
	"context"
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
		next := reopen(t, g, cut, pacers["alice"])
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

// TestRestoredVariantIsCredited: an invite's variant sent before a restore is credited
// when the accept arrives after it, as a durable runtime restores its engine every
// tick; a restored enrollment that ended with a reply waits for nothing.
func TestRestoredVariantIsCredited(t *testing.T) {
	t.Parallel()
	w := &world{}
	seq := parseSeq(t, variantSeq)
	g, pacers := newEngine(t, w, []string{"alice"}, seq)
	for _, l := range []string{"ada", "bob"} {
		if _, err := g.Enroll("c1", testLead(l), t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(time.Hour))
	snaps := map[string]Snapshot{}
	for _, e := range g.Enrollments() {
		snaps[e.Key] = e.Snapshot()
		if len(e.Variants) != 1 || !e.Variants[0].Sent || e.Variants[0].Success {
			t.Fatalf("%s before the restore: %+v, want one variant sent and not yet answered", e.Key, e.Variants)
		}
	}

	next := reopen(t, g, w, pacers["alice"])
	for _, l := range []string{"ada", "bob"} {
		if _, err := next.Restore("c1", testLead(l), "alice", snaps[l]); err != nil {
			t.Fatal(err)
		}
	}
	next.Observe(paceline.Event{At: t0.Add(2 * time.Hour), Account: "alice", Lead: "ada", Type: paceline.EventAccepted})
	for _, e := range next.Enrollments() {
		want := e.Key == "ada"
		if got := e.Variants[0].Success; got != want {
			t.Errorf("%s after the accept: success %v, want %v", e.Key, got, want)
		}
	}
	rep, err := next.VariantReport("c1", "connect")
	if err != nil {
		t.Fatal(err)
	}
	sends, wins := 0, 0
	for _, r := range rep {
		sends, wins = sends+r.Sends, wins+r.Successes
	}
	if sends != 2 || wins != 1 {
		t.Errorf("restored bandit: %d sends, %d successes; want 2 and 1", sends, wins)
	}

	// An enrollment that ended with a reply closed its test: a later accept from a
	// restore of it credits nothing.
	replied := snaps["bob"]
	replied.State, replied.Reason = Stopped, string(paceline.EventReplied)
	last := reopen(t, g, w, pacers["alice"])
	e, err := last.Restore("c1", testLead("bob"), "alice", replied)
	if err != nil {
		t.Fatal(err)
	}
	last.Observe(paceline.Event{At: t0.Add(3 * time.Hour), Account: "alice", Lead: "bob", Type: paceline.EventAccepted})
	if e.Variants[0].Success {
		t.Error("a variant of an enrollment closed by a reply was credited after a restore")
	}
}

// TestRestoredReadyStepWakes: a step restored as waiting on the Pacer gives a fresh
// engine a wake-up before its first Step, so a caller that only steps when NextWake
// says (as a sleeping server or the demo does) sends it.
func TestRestoredReadyStepWakes(t *testing.T) {
	t.Parallel()
	src := `
name: r
steps:
  - id: look
    visit: {}
`
	w := &world{}
	g, pacers := newEngine(t, w, []string{"alice"}, parseSeq(t, src))
	for _, l := range []string{"ada", "bob"} {
		if _, err := g.Enroll("c1", testLead(l), t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Step(context.Background(), t0); err != nil {
		t.Fatal(err)
	}
	if len(w.actions) != 1 {
		t.Fatalf("%d actions at the start, want 1 (the Pacer's gap holds the second)", len(w.actions))
	}
	snaps := map[string]Snapshot{}
	for _, e := range g.Enrollments() {
		snaps[e.Key] = e.Snapshot()
	}

	next := reopen(t, g, w, pacers["alice"])
	for _, l := range []string{"ada", "bob"} {
		if _, err := next.Restore("c1", testLead(l), "alice", snaps[l]); err != nil {
			t.Fatal(err)
		}
	}
	// cy's visit came due half an hour after bob's.
	cy := snaps["bob"]
	cy.Due, cy.Started = t0.Add(30*time.Minute), t0.Add(30*time.Minute)
	if _, err := next.Restore("c1", testLead("cy"), "alice", cy); err != nil {
		t.Fatal(err)
	}
	if wake, want := next.NextWake(), t0.Add(30*time.Minute); !wake.Equal(want) {
		t.Fatalf("NextWake before the first Step = %v, want %v (when the latest restored visit came due)", wake, want)
	}
	w.run(t, next, t0.Add(time.Hour))
	var got []string
	for _, a := range w.actions[1:] {
		got = append(got, a.Lead+" "+a.At.Sub(t0).String())
	}
	// Nothing goes out before cy's visit came due; bob's, older, goes first.
	if want := []string{"bob 30m0s", "cy 32m0s"}; !slices.Equal(got, want) {
		t.Fatalf("after the restore: %v, want %v", got, want)
	}
}

// reopen returns a new engine for g's account alice, with the same Pacer and
// schedule, and g's campaign c1, but no enrollments: what a durable runtime builds
// before it restores them.
func reopen(t *testing.T, g *Engine, w *world, p *gapPacer) *Engine {
	t.Helper()
	next, err := New(Options{Executor: w, Ledger: w, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := next.AddAccount(Account{Name: "alice", Pacer: p, Schedule: g.byName["alice"].Schedule}); err != nil {
		t.Fatal(err)
	}
	if err := next.AddCampaign(g.campaigns["c1"].Campaign); err != nil {
		t.Fatal(err)
	}
	return next
}
