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

// A lead enrolled with campaigns start --include-replied whose old reply to the same
// account is recorded but not yet read by a tick (past the account's event cursor) is
// not stopped by it: the reply is dated before the enrollment started, as an old
// answer to another account does not stop it (AnswersElsewhere). The lead gets its
// step; a reply after the start still stops it, and so does one dated before the
// start once the enrollment has contacted the lead (a mail server's clock behind).
func TestOldReplyPastTheCursorDoesNotStopANewEnrollment(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		at   func(now time.Time) time.Time // the later reply's date
	}{
		{"reply after the start", func(now time.Time) time.Time { return now }},
		{"reply dated before the start after the invite", func(time.Time) time.Time { return start.Add(-time.Minute) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
				oldReplyPastTheCursorDoesNotStopANewEnrollment(t, open, tc.at)
			})
		})
	}
}

func oldReplyPastTheCursorDoesNotStopANewEnrollment(t *testing.T, open func(testing.TB) testStore, replyAt func(time.Time) time.Time) {
	ctx := context.Background()
	st := open(t)
	seat := addSeats(t, st, 1, start.Add(-30*24*time.Hour))[0]
	v := &virtual{now: start.Add(-time.Hour)}
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: nil, Seed: 1}
	// The seat has ticked (its cursor is set), then Bob's reply to an earlier
	// conversation on it was recorded, a week old, and no tick has read it since.
	runtimetest.TickFor(t, r, seat, &v.now, time.Minute)
	old := paceline.Event{Key: "old-reply", At: start.Add(-7 * 24 * time.Hour), Account: seat, Lead: "bob-b",
		Type: paceline.EventReplied, Kind: paceline.KindMessage}
	if _, err := st.RecordEvent(ctx, &old); err != nil {
		t.Fatal(err)
	}
	cursor, _, err := st.Cursor(ctx, seat)
	if err != nil {
		t.Fatal(err)
	}
	if after, err := st.EventsAfter(ctx, seat, cursor); err != nil || len(after) != 1 {
		t.Fatalf("events past the cursor: %v, %v; want the old reply", after, err)
	}
	c := &paceline.Campaign{Name: "ab", Sequence: abSequence, Accounts: []string{seat}, State: paceline.CampaignActive}
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	l := &paceline.Lead{ProfileKey: "bob-b", FirstName: "Bob", Score: 50}
	enroll := []paceline.EnrollmentRecord{{Lead: "bob-b", Account: seat, LeadFacts: runtime.FactsOf(l), Started: start, IncludeReplied: true}}
	if _, err := st.AddEnrollments(ctx, "ab", enroll); err != nil {
		t.Fatal(err)
	}
	v.now = start
	runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour)
	running := func() bool {
		t.Helper()
		got, err := st.RunningEnrollments(ctx, seat)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range got {
			if e.Lead == "bob-b" {
				return true
			}
		}
		return false
	}
	if !running() {
		ended, err := st.LatestEndedEnrollments(ctx, seat, []string{"bob-b"})
		t.Fatalf("bob's enrollment ended by the first ticks (%+v, %v); want it running: his reply is older than the campaign", ended, err)
	}
	rec.mu.Lock()
	sent := len(rec.sent["bob-b"])
	rec.mu.Unlock()
	if sent != 1 {
		t.Fatalf("%d actions for bob after six hours, want his invite", sent)
	}
	reply := paceline.Event{Key: "reply", At: replyAt(v.now), Account: seat, Lead: "bob-b", Type: paceline.EventReplied, Kind: paceline.KindMessage}
	if _, err := st.RecordEvent(ctx, &reply); err != nil {
		t.Fatal(err)
	}
	runtimetest.TickFor(t, r, seat, &v.now, time.Hour)
	if running() {
		t.Fatal("bob's enrollment runs after he replied to the campaign; want it stopped")
	}
	ended, err := st.LatestEndedEnrollments(ctx, seat, []string{"bob-b"})
	if err != nil || len(ended) != 1 || ended[0].State != paceline.EnrollmentStopped || ended[0].Reason != string(paceline.EventReplied) {
		t.Fatalf("bob's enrollment: %+v, %v; want stopped by the reply", ended, err)
	}
}
