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

// A lead who opts out (leads optout, the API, the dashboard: the suppression list,
// with no event) while their enrollment waits on an invite has the enrollment stopped
// with reason opted_out by the next tick, though no step would go out for weeks: the
// wait's timeout would withdraw the invite and the `if: connected` step after it is
// skipped, so no action ever reached the outbox's check, and the enrollment ended
// finished, with no opted_out ever told. The stop is what the webhook relay tells
// (OptOutStops), once.
func TestTickStopsAWaitingLeadWhoOptedOut(t *testing.T) {
	t.Parallel()
	eachDialect(t, tickStopsAWaitingLeadWhoOptedOut)
}

func tickStopsAWaitingLeadWhoOptedOut(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	names := addSeats(t, st, 1, start.Add(-30*24*time.Hour))
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "short", Sequence: shortWait, Accounts: names, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	ada := &paceline.Lead{ProfileKey: "ada", FirstName: "Ada"}
	if _, err := st.AddEnrollments(ctx, "short", []paceline.EnrollmentRecord{{Lead: "ada", Account: names[0], LeadFacts: runtime.FactsOf(ada), Started: start}}); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	r := &runtime.Runner{Store: st, Clock: v, Executor: &runtimetest.Bodies{}, Seed: 1}
	runtimetest.TickFor(t, r, names[0], &v.now, 12*time.Hour)
	running, err := st.RunningEnrollments(ctx, names[0])
	if err != nil || len(running) != 1 || running[0].State != paceline.EnrollmentWaiting {
		t.Fatalf("before the opt-out: %+v %v, want ada's enrollment waiting on her invite", running, err)
	}
	if err := st.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "ada"}}, "opted out"); err != nil {
		t.Fatal(err)
	}
	v.now = v.now.Add(time.Minute)
	if _, err := r.Tick(ctx, names[0]); err != nil {
		t.Fatal(err)
	}
	if running, err = st.RunningEnrollments(ctx, names[0]); err != nil || len(running) != 0 {
		t.Errorf("the tick after the opt-out: %+v %v, want ada's enrollment stopped", running, err)
	}
	runtimetest.TickFor(t, r, names[0], &v.now, 5*24*time.Hour) // past the invite's timeout
	states, _, err := st.CampaignCounts(ctx, "short")
	if err != nil {
		t.Fatal(err)
	}
	if states[paceline.EnrollmentStopped] != 1 || states[paceline.EnrollmentFinished] != 0 {
		t.Errorf("enrollments %v, want ada's stopped, not finished", states)
	}
	stops, err := st.(interface {
		OptOutStops(ctx context.Context, account string, since time.Time) ([]paceline.EnrollmentRecord, error)
	}).OptOutStops(ctx, names[0], start)
	if err != nil {
		t.Fatal(err)
	}
	if len(stops) != 1 || stops[0].Lead != "ada" || stops[0].Reason != string(paceline.EventOptedOut) {
		t.Errorf("stops the relay tells as opted_out: %+v, want ada's, once", stops)
	}
}

// An opt-out that lands during the tick in which the waiting enrollment runs to its
// end (the invite's timeout withdraws it, which no opt-out holds back, and the `if:
// connected` step is skipped: nothing the outbox checks) is committed after the tick's
// check of the list, and the enrollment is never loaded again: the tick saves it
// stopped with reason opted_out, not finished, and the relay tells it.
func TestOptOutDuringTheLastTickStopsTheEnrollment(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		h := &optOutHook{testStore: open(t)}
		names := addSeats(t, h, 1, start.Add(-30*24*time.Hour))
		if err := h.CreateCampaign(ctx, &paceline.Campaign{Name: "short", Sequence: shortWait, Accounts: names, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
		ada := &paceline.Lead{ProfileKey: "ada", FirstName: "Ada"}
		if _, err := h.AddEnrollments(ctx, "short", []paceline.EnrollmentRecord{{Lead: "ada", Account: names[0], LeadFacts: runtime.FactsOf(ada), Started: start}}); err != nil {
			t.Fatal(err)
		}
		v := &virtual{now: start}
		r := &runtime.Runner{Store: h, Clock: v, Executor: &runtimetest.Bodies{}, Seed: 1}
		runtimetest.TickFor(t, r, names[0], &v.now, 12*time.Hour)
		running, err := h.RunningEnrollments(ctx, names[0])
		if err != nil || len(running) != 1 || running[0].State != paceline.EnrollmentWaiting {
			t.Fatalf("before the opt-out: %+v %v, want ada's enrollment waiting on her invite", running, err)
		}
		h.armed = true
		v.now = running[0].Due.Add(time.Hour) // past the invite's timeout
		if _, err := r.Tick(ctx, names[0]); err != nil {
			t.Fatal(err)
		}
		if !h.fired {
			t.Fatal("the tick never checked the suppression list")
		}
		states, _, err := h.CampaignCounts(ctx, "short")
		if err != nil {
			t.Fatal(err)
		}
		if states[paceline.EnrollmentStopped] != 1 || states[paceline.EnrollmentFinished] != 0 {
			t.Errorf("enrollments %v, want ada's stopped, not finished", states)
		}
		stops, err := h.testStore.(interface {
			OptOutStops(ctx context.Context, account string, since time.Time) ([]paceline.EnrollmentRecord, error)
		}).OptOutStops(ctx, names[0], start)
		if err != nil {
			t.Fatal(err)
		}
		if len(stops) != 1 || stops[0].Lead != "ada" {
			t.Errorf("stops the relay tells as opted_out: %+v, want ada's, once", stops)
		}
	})
}

// optOutHook puts ada on the suppression list right after the first look at the list
// it answers once armed: the opt-out commits while the tick runs.
type optOutHook struct {
	testStore
	armed, fired bool
}

func (h *optOutHook) SuppressedAmong(ctx context.Context, keys []lead.Key) ([]lead.Key, error) {
	out, err := h.testStore.SuppressedAmong(ctx, keys)
	if h.armed && !h.fired && err == nil {
		h.fired = true
		if err := h.testStore.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "ada"}}, "opted out"); err != nil {
			return nil, err
		}
	}
	return out, err
}
