package main

import (
	"strings"
	"testing"
)

// paceline leads optout wakes the ticks of the accounts running the lead's sequence, as
// the API's opt-out does: a1's tick, asleep until the 21-day wait for Ada's accept ends,
// is due at once and stops her sequence, rather than weeks later. A person who is not a
// lead is put on the suppression list as before, with nothing to wake.
func TestCLIOptOutWakesTheAccountsRunningTheLead(t *testing.T) {
	t.Parallel()
	w := newAcceptWaiting(t)
	out := mustCLI(t, w.db.name, "leads", "optout", "https://www.linkedin.com/in/ada-lovelace", "--reason", "asked")
	if !strings.Contains(out, "opted out") {
		t.Fatalf("leads optout:\n%s", out)
	}
	if !w.tickDue(t) {
		t.Fatalf("after Ada was opted out, a1's tick still sleeps until %s", w.timeout)
	}
	if _, err := w.runner.Tick(t.Context(), "a1"); err != nil {
		t.Fatal(err)
	}
	if recs, err := w.db.store.RunningEnrollments(t.Context(), "a1"); err != nil || len(recs) != 0 {
		t.Fatalf("running enrollments after the woken tick: %+v (%v), want Ada's stopped", recs, err)
	}
	w.sleep(t)
	if out := mustCLI(t, w.db.name, "leads", "optout", "nobody@example.com"); !strings.Contains(out, "No lead has the key") {
		t.Fatalf("leads optout of a person who is not a lead:\n%s", out)
	}
	if w.tickDue(t) {
		t.Fatal("the opt-out of a person who is not a lead woke a1's tick")
	}
}
