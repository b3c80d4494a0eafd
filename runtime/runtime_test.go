package runtime_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/sim"
)

// start is a Monday morning in UTC.
var start = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// fixture is a database with simulated accounts and one active campaign over leads.
func fixture(t *testing.T, open func(testing.TB) testStore, accounts, leads int) testStore {
	t.Helper()
	ctx := context.Background()
	st := open(t)
	names := addSeats(t, st, accounts, start.Add(-30*24*time.Hour))
	c := &paceline.Campaign{Name: "q1", Sequence: string(sequence.DefaultYAML()), Accounts: names, State: paceline.CampaignActive}
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for i := range leads {
		l := &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%03d", i), FirstName: "Ada", Score: 30 + i%60}
		recs = append(recs, paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: names[i%len(names)], LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if n, err := st.AddEnrollments(ctx, "q1", recs); err != nil || n != leads {
		t.Fatalf("enrolled %d of %d: %v", n, leads, err)
	}
	return st
}

// virtual is a test clock that jumps.
type virtual struct{ now time.Time }

func (v *virtual) Now() time.Time { return v.now }

func (v *virtual) Until(t time.Time) time.Duration { return max(0, t.Sub(v.now)) }

func newRunner(st testStore, v *virtual) *runtime.Runner {
	pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
	return &runtime.Runner{Store: st, Clock: v, Executor: pl, Events: pl, Seed: 1}
}

// Ticking accounts in virtual time works the campaign through: invites go out within
// the caps, accepts arrive and messages follow, and nothing is sent twice.
func TestTicksRunCampaign(t *testing.T) {
	t.Parallel()
	eachDialect(t, ticksRunCampaign)
}

func ticksRunCampaign(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := fixture(t, open, 2, 40)
	v := &virtual{now: start}
	r := newRunner(st, v)
	wake := map[string]time.Time{"seat-0": start, "seat-1": start}
	end := start.Add(21 * 24 * time.Hour)
	for v.now.Before(end) {
		next := end
		for name, w := range wake {
			if !w.IsZero() && !w.After(v.now) {
				res, err := r.Tick(ctx, name)
				if err != nil {
					t.Fatal(err)
				}
				wake[name] = res.Wake
				if res.Wake.IsZero() {
					wake[name] = v.now.Add(time.Hour)
				}
			}
			if wake[name].Before(next) {
				next = wake[name]
			}
		}
		if next.After(v.now) {
			v.now = next
		}
	}
	_, acts, err := st.CampaignCounts(ctx, "q1")
	if err != nil {
		t.Fatal(err)
	}
	f, err := api.CampaignFunnel(ctx, st, st, "q1")
	if err != nil {
		t.Fatal(err)
	}
	if acts[paceline.KindInvite] != 40 || f.Accepted == 0 || acts[paceline.KindMessage] == 0 {
		t.Fatalf("actions %v, accepted %d: the campaign did not run through", acts, f.Accepted)
	}
	dups, err := st.DuplicateSteps(ctx)
	if err != nil || len(dups) > 0 {
		t.Fatalf("duplicates %v: %v", dups, err)
	}
}
