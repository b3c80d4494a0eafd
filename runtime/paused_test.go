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

// A reply that arrives while the lead's campaign is paused stops the lead when the
// campaign resumes, even though another campaign kept the account ticking meanwhile.
func TestAnswerDuringPauseStopsOnResume(t *testing.T) {
	t.Parallel()
	eachDialect(t, answerDuringPauseStopsOnResume)
}

func answerDuringPauseStopsOnResume(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	seat := addSeats(t, st, 1, start.Add(-30*24*time.Hour))[0]
	for _, c := range []struct{ name, lead string }{{"q1", "ada-l"}, {"q2", "bob-b"}} {
		camp := &paceline.Campaign{Name: c.name, Sequence: visitsSequence, Accounts: []string{seat}, State: paceline.CampaignActive}
		if err := st.CreateCampaign(ctx, camp); err != nil {
			t.Fatal(err)
		}
		l := &paceline.Lead{ProfileKey: c.lead, FirstName: "X"}
		if _, err := st.AddEnrollments(ctx, c.name, []paceline.EnrollmentRecord{{Lead: c.lead, Account: seat, LeadFacts: runtime.FactsOf(l), Started: start}}); err != nil {
			t.Fatal(err)
		}
	}
	v := &virtual{now: start}
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Seed: 1}
	runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour)
	rec.mu.Lock()
	visited := len(rec.sent["ada-l"])
	rec.mu.Unlock()
	if visited != 1 {
		t.Fatalf("ada visited %d times in the first six hours, want 1", visited)
	}
	if err := st.SetCampaignState(ctx, "q1", paceline.CampaignPaused, "holiday"); err != nil {
		t.Fatal(err)
	}
	reply := paceline.Event{Key: "reply", At: v.now, Account: seat, Lead: "ada-l", Type: paceline.EventReplied}
	if _, err := st.RecordEvent(ctx, &reply); err != nil {
		t.Fatal(err)
	}
	runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour) // q2 keeps the account ticking
	if err := st.SetCampaignState(ctx, "q1", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	runtimetest.TickFor(t, r, seat, &v.now, 5*24*time.Hour)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if n := len(rec.sent["ada-l"]) - visited; n != 0 {
		t.Errorf("%d actions for ada after she replied during the pause, want none", n)
	}
	if n := len(rec.sent["bob-b"]); n != 3 {
		t.Errorf("bob visited %d times, want 3", n)
	}
}

// An accept that arrives while the lead's campaign is paused moves the lead on when the
// campaign resumes: the message goes out, instead of the wait running to its timeout
// as if the invite had never been answered.
func TestAcceptDuringPauseIsSeenOnResume(t *testing.T) {
	t.Parallel()
	eachDialect(t, acceptDuringPauseIsSeenOnResume)
}

func acceptDuringPauseIsSeenOnResume(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	seat := addSeats(t, st, 1, start.Add(-30*24*time.Hour))[0]
	for _, c := range []struct{ name, seq, lead string }{{"q1", abSequence, "ada-l"}, {"q2", visitsSequence, "bob-b"}} {
		camp := &paceline.Campaign{Name: c.name, Sequence: c.seq, Accounts: []string{seat}, State: paceline.CampaignActive}
		if err := st.CreateCampaign(ctx, camp); err != nil {
			t.Fatal(err)
		}
		l := &paceline.Lead{ProfileKey: c.lead, FirstName: "X"}
		if _, err := st.AddEnrollments(ctx, c.name, []paceline.EnrollmentRecord{{Lead: c.lead, Account: seat, LeadFacts: runtime.FactsOf(l), Started: start}}); err != nil {
			t.Fatal(err)
		}
	}
	v := &virtual{now: start}
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Seed: 1}
	runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour)
	if n := len(rec.notes("ada-l")); n != 1 {
		t.Fatalf("ada got %d actions in the first six hours, want her invite", n)
	}
	if err := st.SetCampaignState(ctx, "q1", paceline.CampaignPaused, "holiday"); err != nil {
		t.Fatal(err)
	}
	accept := paceline.Event{Key: "accept", At: v.now, Account: seat, Lead: "ada-l", Type: paceline.EventAccepted}
	if _, err := st.RecordEvent(ctx, &accept); err != nil {
		t.Fatal(err)
	}
	runtimetest.TickFor(t, r, seat, &v.now, 6*time.Hour) // q2 keeps the account ticking
	if err := st.SetCampaignState(ctx, "q1", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	runtimetest.TickFor(t, r, seat, &v.now, 4*24*time.Hour)
	if n := len(rec.notes("ada-l")); n != 2 {
		t.Errorf("ada got %d actions, want her invite and, after her accept, the message", n)
	}
	got, err := st.RunningEnrollments(ctx, seat)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if e.Lead == "ada-l" {
			t.Errorf("ada's enrollment still runs (%s, step %d) after the message, want it finished", e.State, e.Step)
		}
	}
}
