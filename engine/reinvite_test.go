package engine

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestNoReinviteSoonAfterAWithdrawal: a lead whose invite the account withdrew (the
// first campaign's wait timed out) and who is then enrolled in a second campaign on the
// same account is not invited again until ReinviteAfter has passed since the
// withdrawal, which LinkedIn would refuse; a withdrawal the ledger shows from before
// the engine (Withdrawn) holds the same way, and one older than ReinviteAfter does not.
func TestNoReinviteSoonAfterAWithdrawal(t *testing.T) {
	t.Parallel()
	plain := parseSeq(t, `
name: plain
steps:
  - id: connect
    invite: {}
`)
	w := &world{} // nobody accepts
	g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, withdrawSeq), plain)
	if _, err := g.Enroll("c1", testLead("ann"), t0); err != nil {
		t.Fatal(err)
	}
	// From the ledger: bea's invite was withdrawn 5 days ago, cid's 30 days ago.
	if err := g.Withdrawn("a", "bea", t0.Add(-5*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := g.Withdrawn("a", "cid", t0.Add(-30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"bea", "cid"} {
		if _, err := g.Enroll("c2", testLead(key), t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(7*24*time.Hour))
	var withdrawn time.Time
	for _, a := range w.actions {
		if a.Lead == "ann" && a.Kind == paceline.KindWithdraw {
			withdrawn = a.At
		}
	}
	if withdrawn.IsZero() {
		t.Fatalf("ann's invite was not withdrawn: %v", w.kinds("ann"))
	}
	if _, err := g.Enroll("c2", testLead("ann"), withdrawn.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(60*24*time.Hour))
	invites := map[string][]time.Time{}
	for _, a := range w.actions {
		if a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone {
			invites[a.Lead] = append(invites[a.Lead], a.At)
		}
	}
	if got := invites["ann"]; len(got) != 2 || got[1].Before(withdrawn.Add(ReinviteAfter)) {
		t.Errorf("ann invited at %v; want the second invite no sooner than %s, 3 weeks after the withdrawal", got, withdrawn.Add(ReinviteAfter))
	}
	if got := invites["bea"]; len(got) != 1 || got[0].Before(t0.Add(16*24*time.Hour)) {
		t.Errorf("bea invited at %v; want once, no sooner than 3 weeks after the withdrawal the ledger shows", got)
	}
	if got := invites["cid"]; len(got) != 1 || got[0].After(t0.Add(time.Hour)) {
		t.Errorf("cid invited at %v; want at once: her invite was withdrawn more than 3 weeks ago", got)
	}
}
