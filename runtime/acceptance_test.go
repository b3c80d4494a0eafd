package runtime_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// shortWait gives up on an invite after 3 days, so its answers come within the test.
const shortWait = `
name: short
steps:
  - id: connect
    invite: {}
    wait_for: {event: accepted, timeout: 3d, on_timeout: withdraw}
  - id: hello
    if: connected
    message: "Thanks {{first_name}}"
`

// A campaign whose invites are almost never accepted is paused by a tick, and the
// store keeps it paused with the engine's reason (what `campaigns status --json`
// prints as paused_reason); the invites stop there.
func TestTickStoresLowAcceptancePause(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := addSeats(t, st, 1, start.Add(-30*24*time.Hour))
		camp := &paceline.Campaign{Name: "q1", Sequence: shortWait, Accounts: names, State: paceline.CampaignActive}
		if err := st.CreateCampaign(ctx, camp); err != nil {
			t.Fatal(err)
		}
		var recs []paceline.EnrollmentRecord
		for i := range 300 {
			l := &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%03d", i), FirstName: "Ada", Score: 30 + i%60}
			recs = append(recs, paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start})
		}
		if _, err := st.AddEnrollments(ctx, "q1", recs); err != nil {
			t.Fatal(err)
		}
		v := &virtual{now: start}
		p := sim.DefaultParams()
		p.AcceptBase = 0.01
		pl := sim.NewPlatform(p, 1, st)
		r := &runtime.Runner{Store: st, Clock: v, Executor: pl, Events: pl, Seed: 1}
		tick(t, r, v, start.Add(14*24*time.Hour))
		c, err := st.Campaign(ctx, "q1")
		if err != nil {
			t.Fatal(err)
		}
		if c.State != paceline.CampaignPaused || !strings.Contains(c.PausedReason, "over the last 50 invites, below the campaign's 15%") {
			t.Fatalf("campaign %s, reason %q; want paused for low acceptance", c.State, c.PausedReason)
		}
		_, acts, err := st.CampaignCounts(ctx, "q1")
		if err != nil {
			t.Fatal(err)
		}
		if n := acts[paceline.KindInvite]; n < 50 || n >= 300 {
			t.Errorf("%d invites, want the pause to stop them after the first 50 answers", n)
		}
		t.Logf("%s: %d invites; %s", t.Name(), acts[paceline.KindInvite], c.PausedReason)

		// Started again (on the store's clock, the runner's), the campaign starts
		// with an empty window and does not pause again at the first tick. (Its
		// invites still wait: the account's own acceptance guard, limits
		// Guards.MinAcceptance, holds them for a week after its latest answer.)
		switch db := st.(type) {
		case *sqlite.Store:
			db.NowFunc = v.Now
		case *postgres.Store:
			db.NowFunc = v.Now
		default:
			t.Fatalf("store %T: cannot set its clock", st)
		}
		if err := st.SetCampaignState(ctx, "q1", paceline.CampaignActive, ""); err != nil {
			t.Fatal(err)
		}
		tick(t, r, v, v.now.Add(24*time.Hour))
		if c, err = st.Campaign(ctx, "q1"); err != nil || c.State != paceline.CampaignActive {
			t.Fatalf("a day after the resume the campaign is %s (%q), %v; want active", c.State, c.PausedReason, err)
		}
	})
}

// tick ticks seat-0 in virtual time until end, at least hourly.
func tick(t *testing.T, r *runtime.Runner, v *virtual, end time.Time) {
	t.Helper()
	for v.now.Before(end) {
		res, err := r.Tick(context.Background(), "seat-0")
		if err != nil {
			t.Fatal(err)
		}
		next := res.Wake
		if next.IsZero() || next.After(v.now.Add(time.Hour)) {
			next = v.now.Add(time.Hour)
		}
		v.now = next
	}
}
