package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/sim"
)

// A lead who accepted the account's invite in an earlier campaign, long before any
// window a tick replays, is sent the next campaign's message without a second invite;
// a lead who never did is invited as usual. On either store.
func TestLaterCampaignDoesNotReinviteAConnection(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := abCampaign(t, st)
		accepted := paceline.Event{Key: "old-accept", At: start.Add(-300 * 24 * time.Hour), Account: names[0], Lead: "ada", Type: paceline.EventAccepted}
		if _, err := st.RecordEvent(ctx, &accepted); err != nil {
			t.Fatal(err)
		}
		v := &virtual{now: start}
		rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
		r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: nil, Seed: 1}
		// A tick applies the accept: later ticks no longer read it as a new event.
		if _, err := r.Tick(ctx, names[0]); err != nil {
			t.Fatal(err)
		}
		if cursor, _, err := st.Cursor(ctx, names[0]); err != nil || cursor < accepted.ID {
			t.Fatalf("cursor %d, %v; want the accept (%d) applied", cursor, err, accepted.ID)
		}
		var recs []paceline.EnrollmentRecord
		for _, key := range []string{"ada", "gus"} {
			l := &paceline.Lead{ProfileKey: key, FirstName: key, Score: 50}
			recs = append(recs, paceline.EnrollmentRecord{Lead: key, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start})
		}
		if _, err := st.AddEnrollments(ctx, "ab", recs); err != nil {
			t.Fatal(err)
		}
		runtimetest.TickFor(t, r, names[0], &v.now, 4*24*time.Hour)

		acts, err := st.Actions(ctx, names[0], start, v.now)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string][]paceline.ActionKind{}
		for _, a := range acts {
			if a.Result == paceline.ResultDone {
				kinds[a.Lead] = append(kinds[a.Lead], a.Kind)
			}
		}
		if got := kinds["ada"]; len(got) != 1 || got[0] != paceline.KindMessage {
			t.Errorf("ada, connected 300 days ago, was sent %v; want one message and no invite", got)
		}
		if got := kinds["gus"]; len(got) != 1 || got[0] != paceline.KindInvite {
			t.Errorf("gus, never connected, was sent %v; want one invite", got)
		}
	})
}

// A lead whose invite from the account is still unanswered when its enrollment ended
// is not invited again by the next campaign on that account: the new enrollment waits
// for the answer to the first invite. On either store.
func TestLaterCampaignDoesNotReinviteAPendingInvite(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := abCampaign(t, st)
		l := &paceline.Lead{ProfileKey: "ada", FirstName: "Ada", Score: 50}
		enroll := func(campaign string) {
			t.Helper()
			rec := paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start}
			if _, err := st.AddEnrollments(ctx, campaign, []paceline.EnrollmentRecord{rec}); err != nil {
				t.Fatal(err)
			}
		}
		enroll("ab")
		v := &virtual{now: start}
		rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
		r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: nil, Seed: 1} // nobody answers
		runtimetest.TickFor(t, r, names[0], &v.now, 9*24*time.Hour)                    // the 7-day wait ends: stop
		if running, err := st.RunningEnrollments(ctx, names[0]); err != nil || len(running) != 0 {
			t.Fatalf("running after the wait: %+v, %v; want the first enrollment ended", running, err)
		}
		c := &paceline.Campaign{Name: "again", Sequence: abSequence, Accounts: names, State: paceline.CampaignActive}
		if err := st.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		enroll("again")
		runtimetest.TickFor(t, r, names[0], &v.now, 2*24*time.Hour)

		acts, err := st.Actions(ctx, names[0], start, v.now)
		if err != nil {
			t.Fatal(err)
		}
		invites := 0
		for _, a := range acts {
			if a.Lead == "ada" && a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone {
				invites++
			}
		}
		if invites != 1 {
			t.Errorf("ada was invited %d times from %s, want once: the first invite is still pending", invites, names[0])
		}
		running, err := st.RunningEnrollments(ctx, names[0])
		if err != nil || len(running) != 1 || running[0].Campaign != "again" || running[0].State != paceline.EnrollmentWaiting {
			t.Errorf("the new enrollment: %+v, %v; want it waiting for the answer", running, err)
		}
	})
}
