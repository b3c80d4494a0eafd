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

// A plain campaigns start leaves out only the replies RepliedLeads saw when it ran. A
// reply recorded after it, dated a minute before it (the mailbox polled late, a seat
// reporting its inbox later), is from a lead in a conversation: the first tick stops
// the enrollment and sends the lead nothing, as the start would have left it out.
// Only an enrollment started with --include-replied lets such a reply pass
// (TestOldReplyPastTheCursorDoesNotStopANewEnrollment).
func TestLateReplyDatedBeforeAPlainStartStopsTheLead(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		seat := addSeats(t, st, 1, start.Add(-30*24*time.Hour))[0]
		v := &virtual{now: start}
		rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
		r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: nil, Seed: 1}
		c := &paceline.Campaign{Name: "ab", Sequence: abSequence, Accounts: []string{seat}, State: paceline.CampaignActive}
		if err := st.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		l := &paceline.Lead{ProfileKey: "bob-b", FirstName: "Bob", Score: 50}
		enroll := []paceline.EnrollmentRecord{{Lead: "bob-b", Account: seat, LeadFacts: runtime.FactsOf(l), Started: start}}
		if _, err := st.AddEnrollments(ctx, "ab", enroll); err != nil {
			t.Fatal(err)
		}
		late := paceline.Event{Key: "late-reply", At: start.Add(-time.Minute), Account: seat, Lead: "bob-b",
			Type: paceline.EventReplied, Kind: paceline.KindMessage}
		if _, err := st.RecordEvent(ctx, &late); err != nil {
			t.Fatal(err)
		}
		runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour)
		rec.mu.Lock()
		sent := len(rec.sent["bob-b"])
		rec.mu.Unlock()
		if sent != 0 {
			t.Errorf("%d actions sent to bob, want 0: he replied before the campaign started", sent)
		}
		ended, err := st.LatestEndedEnrollments(ctx, seat, []string{"bob-b"})
		if err != nil || len(ended) != 1 || ended[0].State != paceline.EnrollmentStopped || ended[0].Reason != string(paceline.EventReplied) {
			t.Fatalf("bob's enrollment: %+v, %v; want stopped by his reply", ended, err)
		}
	})
}
