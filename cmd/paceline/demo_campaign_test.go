package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/store/sqlite"
)

// The demo's campaign is stored, active, with every demo account; pausing it stops
// the engine's sends while the simulated answers keep coming, and resuming goes on
// from the resume, never sending anything dated inside the pause. Other campaigns can
// be neither created nor started.
func TestDemoCampaignPauseAndResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, clock, r, _ := testDemo(t, 400)
	if err := ensureDemoCampaign(ctx, st); err != nil { // a second start finds it stored
		t.Fatal(err)
	}
	c, err := st.Campaign(ctx, demoCampaign)
	if err != nil || c.State != paceline.CampaignActive || len(c.Accounts) != 4 {
		t.Fatalf("stored demo campaign %+v, %v", c, err)
	}
	advance := func(d time.Duration) {
		t.Helper()
		clock.start = clock.start.Add(d)
		if _, err := r.catchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	advance(48 * time.Hour) // Monday and Tuesday
	sent := r.actions
	if sent == 0 {
		t.Fatal("the demo sent nothing in two working days")
	}

	campaigns := demoCampaigns{st, r}
	if err := campaigns.SetCampaignState(ctx, demoCampaign, paceline.CampaignPaused, "paused by user"); err != nil {
		t.Fatal(err)
	}
	pausedAt := clock.Now()
	events := r.events
	advance(48 * time.Hour)
	if r.actions != sent {
		t.Errorf("%d actions sent while the campaign was paused", r.actions-sent)
	}
	if r.events == events {
		t.Error("no answer came in during the two paused days")
	}

	if _, err := r.start(ctx, demoCampaign); err != nil {
		t.Fatal(err)
	}
	resumedAt := clock.Now()
	advance(24 * time.Hour)
	if r.actions == sent {
		t.Fatal("nothing sent in the working day after the resume")
	}
	if c, _ := st.Campaign(ctx, demoCampaign); c.State != paceline.CampaignActive {
		t.Errorf("after the resume the campaign is %s", c.State)
	}
	for _, a := range c.Accounts {
		acts, err := st.Actions(ctx, a, pausedAt, resumedAt)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range acts {
			t.Errorf("%s by %s at %s lies inside the pause (%s to %s)", x.Kind, a, x.At, pausedAt, resumedAt)
		}
	}

	if _, err := r.start(ctx, "other"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("starting another campaign: %v", err)
	}
	if err := campaigns.CreateCampaign(ctx, &paceline.Campaign{Name: "mine"}); paceline.ErrorCode(err) != paceline.EUNAVAILABLE {
		t.Errorf("creating a campaign in the demo: %v", err)
	}
}

// A lead opted out while the demo runs is sent nothing more: its next action is held
// back at the suppression list and its sequence stops on opted_out.
func TestDemoHoldsBackOptedOutLeadsWhileRunning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, clock, r, leads := testDemo(t, 200)
	advance := func(d time.Duration) {
		t.Helper()
		clock.start = clock.start.Add(d)
		if _, err := r.catchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	advance(2 * time.Hour) // Monday morning: some invited, most waiting for a slot
	optedAt := clock.Now()
	out := map[string]bool{}
	for _, l := range leads {
		if d := r.enrolled[engine.LeadKey(l)]; d != nil && len(out) < 60 {
			if err := st.OptOutLead(ctx, l.ID, "test"); err != nil {
				t.Fatal(err)
			}
			out[engine.LeadKey(l)] = true
		}
	}
	advance(7 * 24 * time.Hour)
	for _, a := range r.accounts {
		acts, err := st.Actions(ctx, a, optedAt, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range acts {
			if out[x.Lead] {
				t.Errorf("%s sent %s to %s at %s, after the lead opted out at %s", a, x.Kind, x.Lead, x.At, optedAt)
			}
		}
	}
	stopped := 0
	for lead := range out {
		if e := r.enrolled[lead].e; e.State == engine.Stopped && e.Reason == string(paceline.EventOptedOut) {
			stopped++
		}
	}
	if stopped == 0 {
		t.Errorf("none of the %d opted-out leads' sequences stopped on opted_out in a week", len(out))
	}
}

// An answer recorded by others on the demo's database (POST /api/v1/events, an
// archive import) reaches the demo's engine as it would a serve's tick: a reply to
// the assisted account's invite stops that lead's sequence.
func TestDemoAppliesAnswersRecordedByOthers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, clock, r, _ := testDemo(t, 200)
	advance := func(d time.Duration) {
		t.Helper()
		clock.start = clock.start.Add(d)
		r.answersRead = time.Time{} // the test's clock stands still: read now
		if _, err := r.catchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	advance(6 * time.Hour)
	var waiting []*demoEnrollment
	for _, d := range r.enrolled {
		if d.rec.Account == demoAssisted.Name && d.e.State == engine.Waiting {
			waiting = append(waiting, d)
		}
	}
	if len(waiting) == 0 {
		t.Fatal("no lead of the assisted account waits for an answer after a working morning")
	}
	for i, d := range waiting {
		ev := paceline.Event{Key: "api:" + d.rec.Lead, At: clock.Now(), Account: d.rec.Account, Lead: d.rec.Lead, Type: paceline.EventReplied}
		if _, err := st.RecordEvent(ctx, &ev); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
	}
	advance(time.Hour)
	for _, d := range waiting {
		if d.e.State != engine.Stopped || d.e.Reason != string(paceline.EventReplied) {
			t.Errorf("%s replied but its enrollment is %s (%s)", d.rec.Lead, d.e.State, d.e.Reason)
		}
	}
	if err := r.checkpointAll(ctx); err != nil {
		t.Fatal(err)
	}
	cursor, _, err := st.Cursor(ctx, demoAssisted.Name)
	if err != nil || cursor == 0 {
		t.Errorf("the assisted account's stored cursor is %d (%v), past none of its events", cursor, err)
	}
}

// testDemo seeds a demo database of n leads in a temporary folder, stores its
// campaign, and starts a demo run on a clock that stands still unless the test moves
// it (clock.start).
func testDemo(t *testing.T, n int) (*sqlite.Store, *virtualClock, *demoRun, []*paceline.Lead) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := seedDemo(ctx, st, demoFlags{leads: n, seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := ensureDemoCampaign(ctx, st); err != nil {
		t.Fatal(err)
	}
	clock := &virtualClock{start: demoStart, wall: time.Now(), speed: 1e-9}
	st.NowFunc = clock.Now
	leads, contacted, err := demoLeads(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	r, err := newDemoRun(ctx, st, clock, leads, contacted, 1)
	if err != nil {
		t.Fatal(err)
	}
	return st, clock, r, leads
}
