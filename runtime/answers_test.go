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

// A reply recorded on another account (the mailbox a lead answered, a second seat)
// stops the lead's sequence on this one at its next tick, on either store; an answer
// from before the enrollment started (to an earlier campaign) does not.
func TestAnswerToAnotherAccountStopsTheSequence(t *testing.T) {
	t.Parallel()
	eachDialect(t, answerToAnotherAccountStopsTheSequence)
}

func answerToAnotherAccountStopsTheSequence(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	names := addSeats(t, st, 2, start.Add(-30*24*time.Hour))
	seat, mailbox := names[0], names[1]
	c := &paceline.Campaign{Name: "ab", Sequence: abSequence, Accounts: []string{seat}, State: paceline.CampaignActive}
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for _, key := range []string{"ada-l", "bob-b"} {
		l := &paceline.Lead{ProfileKey: key, FirstName: "Ada", Score: 50}
		recs = append(recs, paceline.EnrollmentRecord{Lead: key, Account: seat, LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "ab", recs); err != nil {
		t.Fatal(err)
	}
	// Bob answered the mailbox a week before this campaign: an old answer.
	old := paceline.Event{Key: "old-reply", At: start.Add(-7 * 24 * time.Hour), Account: mailbox, Lead: "bob-b", Type: paceline.EventReplied}
	if _, err := st.RecordEvent(ctx, &old); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: nil, Seed: 1}
	runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour)
	running := func() map[string]bool {
		t.Helper()
		got, err := st.RunningEnrollments(ctx, seat)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, e := range got {
			m[e.Lead] = true
		}
		return m
	}
	if got := running(); !got["ada-l"] || !got["bob-b"] {
		t.Fatalf("running after the first ticks: %v; want both (bob's reply is older than the campaign)", got)
	}
	reply := paceline.Event{Key: "reply", At: v.now, Account: mailbox, Lead: "ada-l", Type: paceline.EventReplied, Kind: paceline.KindEmail}
	if _, err := st.RecordEvent(ctx, &reply); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	sentBefore := len(rec.sent["ada-l"])
	rec.mu.Unlock()
	runtimetest.TickFor(t, r, seat, &v.now, time.Hour)
	if got := running(); got["ada-l"] {
		t.Fatalf("running after ada answered the mailbox: %v; want ada stopped", got)
	}
	runtimetest.TickFor(t, r, seat, &v.now, 14*24*time.Hour)
	ended, err := st.LatestEndedEnrollments(ctx, seat, []string{"ada-l"})
	if err != nil || len(ended) != 1 || ended[0].State != paceline.EnrollmentStopped || ended[0].Reason != string(paceline.EventReplied) {
		t.Fatalf("ada's enrollment: %+v, %v; want stopped by the reply", ended, err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if n := len(rec.sent["ada-l"]); n != sentBefore {
		t.Errorf("%d actions for ada after her reply, want none", n-sentBefore)
	}
}
