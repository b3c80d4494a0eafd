package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// A lead who opts out while their step is held for a person has the enrollment
// stopped by the next tick: it no longer counts as running, and nothing is sent.
func TestTickStopsAHeldStepOfAnOptedOutLead(t *testing.T) {
	t.Parallel()
	eachDialect(t, tickStopsAHeldStepOfAnOptedOutLead)
}

func tickStopsAHeldStepOfAnOptedOutLead(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	names := addSeats(t, st, 1, start.Add(-30*24*time.Hour))
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "held", Sequence: runtimetest.HeldSequence, Accounts: names, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	ada := &paceline.Lead{ProfileKey: "ada", FirstName: "Ada"} // no company: held
	if _, err := st.AddEnrollments(ctx, "held", []paceline.EnrollmentRecord{{Lead: "ada", Account: names[0], LeadFacts: runtime.FactsOf(ada), Started: start}}); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	r := &runtime.Runner{Store: st, Clock: v, Executor: &runtimetest.Bodies{}, Seed: 1}
	runtimetest.TickFor(t, r, names[0], &v.now, 12*time.Hour)
	running, err := st.RunningEnrollments(ctx, names[0])
	if err != nil || len(running) != 1 || !running[0].Held {
		t.Fatalf("before the opt-out: %+v %v, want ada's enrollment held", running, err)
	}
	if err := st.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "ada"}}, "opted out"); err != nil {
		t.Fatal(err)
	}
	runtimetest.TickFor(t, r, names[0], &v.now, 12*time.Hour)
	if running, err = st.RunningEnrollments(ctx, names[0]); err != nil || len(running) != 0 {
		t.Errorf("after the opt-out: %+v %v, want ada's enrollment stopped", running, err)
	}
	actions, err := st.Actions(ctx, names[0], start.Add(-time.Hour), v.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if a.Lead == "ada" && a.Result == paceline.ResultDone {
			t.Errorf("%s went to ada, who opted out", a.Kind)
		}
	}
}
