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

// A lead who opts out after their step was held leaves the held list (the outbox would
// never send the step), and a resume of it is refused as a conflict; without
// SuppressedFunc the list is as before.
func TestHeldStepOfAnOptedOutLead(t *testing.T) {
	t.Parallel()
	eachDialect(t, heldStepOfAnOptedOutLead)
}

func heldStepOfAnOptedOutLead(t *testing.T, open func(testing.TB) testStore) {
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
	runtimetest.TickFor(t, &runtime.Runner{Store: st, Clock: v, Executor: &runtimetest.Bodies{}, Seed: 1}, names[0], &v.now, 12*time.Hour)

	h := &runtime.HeldSteps{Store: st.(runtime.HeldStore), SuppressedFunc: st.IsSuppressed}
	if list, err := h.List(ctx); err != nil || len(list) != 1 {
		t.Fatalf("held before the opt-out: %+v %v, want ada's step", list, err)
	}
	if err := st.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "ada"}}, "opted out"); err != nil {
		t.Fatal(err)
	}
	if list, err := h.List(ctx); err != nil || len(list) != 0 {
		t.Errorf("held after the opt-out: %+v %v, want none", list, err)
	}
	if _, err := h.Resume(ctx, "held", "ada"); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("resume after the opt-out: %v, want a conflict", err)
	}
	plain := &runtime.HeldSteps{Store: st.(runtime.HeldStore)}
	if list, err := plain.List(ctx); err != nil || len(list) != 1 {
		t.Errorf("held without SuppressedFunc: %+v %v, want ada's step", list, err)
	}
}
