package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/executor/assist"
)

// The API stops as paceline campaigns stop does: a started campaign ends for good
// (its enrollments stop, its leads are free), answered with what the stop ended; a
// second stop changes nothing and says so; a draft is refused with 409 pointing to
// delete; a stopped campaign cannot be paused or started.
func TestStopCampaignFollowsTheCLIRule(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now },
		StartCampaignFunc: func(ctx context.Context, name string, _ api.StartOptions) (api.StartReport, error) {
			_, err := f.Store.AddEnrollments(ctx, name, nil)
			return api.StartReport{}, err
		}})
	ctx := context.Background()
	for _, c := range []*paceline.Campaign{
		{Name: "d1", State: paceline.CampaignDraft},
		{Name: "q9", State: paceline.CampaignActive},
	} {
		c.Accounts, c.Sequence = []string{"alice"}, "name: x\nsteps:\n  - id: a\n    invite: {}\n"
		if err := f.Store.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := f.Store.AddEnrollments(ctx, "q9", []paceline.EnrollmentRecord{
		{Lead: "in:ada", Account: "alice", LeadFacts: "{}", Started: apitest.Now},
		{Lead: "in:bea", Account: "alice", LeadFacts: "{}", Started: apitest.Now},
	}); err != nil || n != 2 {
		t.Fatalf("enroll: %d, %v", n, err)
	}

	code, body := call(t, a, "POST", "/api/v1/campaigns/d1/stop", "")
	if code != 409 || errorCode(t, body) != paceline.ECONFLICT || !strings.Contains(body, "paceline campaigns delete d1") {
		t.Errorf("stop of a draft: %d %s, want 409 pointing to delete", code, body)
	}
	if code, _ := call(t, a, "POST", "/api/v1/campaigns/nope/stop", ""); code != 404 {
		t.Errorf("stop of an unknown campaign: %d, want 404", code)
	}
	code, body = call(t, a, "POST", "/api/v1/campaigns/q9/stop", "")
	if code != 200 || !strings.Contains(body, `"state": "stopped"`) || !strings.Contains(body, `"stopped_enrollments": 2`) ||
		!strings.Contains(body, `"already_stopped": false`) {
		t.Errorf("stop: %d %s", code, body)
	}
	code, body = call(t, a, "POST", "/api/v1/campaigns/q9/stop", "")
	if code != 200 || !strings.Contains(body, `"already_stopped": true`) || !strings.Contains(body, `"stopped_enrollments": 0`) {
		t.Errorf("a second stop: %d %s", code, body)
	}
	code, body = call(t, a, "POST", "/api/v1/campaigns/q9/pause", "")
	if code != 409 || !strings.Contains(body, "nothing to pause") {
		t.Errorf("pause of a stopped campaign: %d %s, want 409", code, body)
	}
	code, body = call(t, a, "POST", "/api/v1/campaigns/q9/start", "")
	if code != 409 || !strings.Contains(body, "cannot be started again") {
		t.Errorf("start of a stopped campaign: %d %s, want 409", code, body)
	}
	if c, _ := f.Store.Campaign(ctx, "q9"); c.State != paceline.CampaignStopped {
		t.Errorf("q9 after the refusals: %s", c.State)
	}
}

// StopCampaign says what it did, for the CLI and the dashboard to say it.
func TestStopCampaignOutcome(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "q9", Accounts: []string{"alice"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignPaused}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Store.AddEnrollments(ctx, "q9", []paceline.EnrollmentRecord{{Lead: "in:ada", Account: "alice", LeadFacts: "{}", Started: apitest.Now}}); err != nil {
		t.Fatal(err)
	}
	res, err := api.StopCampaign(ctx, f.Store, "q9")
	if err != nil || res.Outcome != api.Stopped || res.Ended.Enrollments != 1 || res.Before.State != paceline.CampaignPaused || res.Since() != "" {
		t.Fatalf("stop of a paused campaign: %+v, %v", res, err)
	}
	res, err = api.StopCampaign(ctx, f.Store, "q9")
	if err != nil || res.Outcome != api.AlreadyStopped || res.Ended != (paceline.CampaignStop{}) || !strings.HasPrefix(res.Since(), "since ") {
		t.Fatalf("second stop: %+v, %v", res, err)
	}
}

// A task the stop closed while it was offered is closed as the desk closes the task of
// a stopped lead: a "sent" report that comes after (the person had sent it before the
// listing showed it closed) is taken, and its released slot counted again.
func TestStopCampaignClosedTaskTakesALateSentReport(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "q9", Accounts: []string{"alice"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	tk := &paceline.Task{Account: "alice", Key: "q9/in:ada/a", Kind: paceline.KindInvite, Lead: "in:ada", Campaign: "q9", Step: "a",
		State: paceline.TaskOffered, Due: apitest.Now, Expires: apitest.Now.Add(8 * time.Hour)}
	if _, err := f.Store.CreateTask(ctx, tk); err != nil {
		t.Fatal(err)
	}
	slot := paceline.Action{Key: tk.Key, At: apitest.Now, Account: "alice", Kind: paceline.KindInvite, Lead: "in:ada", Result: paceline.ResultDone, Campaign: "q9", Step: "a"}
	if err := f.Store.RecordAction(ctx, &slot); err != nil {
		t.Fatal(err)
	}
	if res, err := api.StopCampaign(ctx, f.Store, "q9"); err != nil || res.Ended.Tasks != 1 {
		t.Fatalf("stop: %+v, %v", res, err)
	}
	desk := &assist.Desk{Store: f.Store, NowFunc: func() time.Time { return apitest.Now.Add(time.Minute) }}
	got, err := desk.Finish(ctx, tk.ID, assist.Report{Outcome: assist.OutcomeSent})
	if err != nil || got.State != paceline.TaskDone {
		t.Fatalf("a late sent report: %+v, %v", got, err)
	}
	if a, _, err := f.Store.ActionByKey(ctx, tk.Key); err != nil || a.Result != paceline.ResultDone {
		t.Fatalf("its slot after the late report: %+v, %v; want done", a, err)
	}
}
