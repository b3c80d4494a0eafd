package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/sim"
)

// visitsSequence visits a lead three times a day apart: every step goes out whatever
// the lead does, so any step after an opt-out shows.
const visitsSequence = `name: visits
steps:
  - id: look
    visit: {}
  - id: again
    delay: 1d
    visit: {}
  - id: third
    delay: 1d
    visit: {}
`

// A person opted out while their sequence runs (leads optout, the API: the lead marked,
// its keys suppressed, no event recorded) is sent nothing more: the next tick stops the
// enrollment, whichever of the person's keys was suppressed. Others go on.
func TestOptOutWhileRunningStopsTheSequence(t *testing.T) {
	t.Parallel()
	eachDialect(t, optOutWhileRunningStopsTheSequence)
}

func optOutWhileRunningStopsTheSequence(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	seat := addSeats(t, st, 1, start.Add(-30*24*time.Hour))[0]
	c := &paceline.Campaign{Name: "ab", Sequence: visitsSequence, Accounts: []string{seat}, State: paceline.CampaignActive}
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	leads := []*paceline.Lead{
		{ProfileKey: "ada-l", Email: "ada@example.com", FirstName: "Ada", Score: 50},
		{ProfileKey: "bob-b", FirstName: "Bob", Score: 50},
	}
	var recs []paceline.EnrollmentRecord
	for _, l := range leads {
		recs = append(recs, paceline.EnrollmentRecord{Lead: l.RuntimeRef(), Account: seat, LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "ab", recs); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Seed: 1}
	runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour)
	rec.mu.Lock()
	invited := len(rec.sent["ada-l"])
	rec.mu.Unlock()
	if invited == 0 {
		t.Fatal("ada was not visited in the first six hours; the test needs her sequence under way")
	}
	// Ada opts out by the address she was mailed at, not by her profile.
	if err := st.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyEmail, Value: "ada@example.com"}}, "asked by email"); err != nil {
		t.Fatal(err)
	}
	runtimetest.TickFor(t, r, seat, &v.now, 7*24*time.Hour)
	ended, err := st.LatestEndedEnrollments(ctx, seat, []string{"ada-l"})
	if err != nil || len(ended) != 1 || ended[0].State != paceline.EnrollmentStopped || ended[0].Reason != string(paceline.EventOptedOut) {
		t.Fatalf("ada's enrollment after her opt-out: %+v, %v; want stopped, opted_out", ended, err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if n := len(rec.sent["ada-l"]) - invited; n != 0 {
		t.Errorf("%d actions for ada after she opted out, want none", n)
	}
	if n := len(rec.sent["bob-b"]); n != 3 {
		t.Errorf("bob, who did not opt out, was visited %d times, want 3", n)
	}
}
