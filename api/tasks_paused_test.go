package api_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/runtime"
)

// TestTasksOfPausedAccountOrCampaign lists the tasks of a paused account, then of a
// paused campaign: they show as paused, with why and what resumes them, not as
// planned for a slot that will not come; once resumed they are offered again.
func TestTasksOfPausedAccountOrCampaign(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	f.Desk.Desk.CampaignPausedFunc = runtime.CampaignPaused(f.Store) // as paceline serve's desk
	ctx := t.Context()
	list := func() []api.TaskView {
		t.Helper()
		code, body := call(t, a, "GET", "/api/v1/tasks", "")
		var got struct{ Tasks []api.TaskView }
		decodeJSON(t, body, &got)
		if code != 200 || len(got.Tasks) != 2 {
			t.Fatalf("tasks: %d %s", code, body)
		}
		return got.Tasks
	}
	setAccount := func(state paceline.AccountState) {
		t.Helper()
		acct, err := f.Store.Account(ctx, "carol")
		if err != nil {
			t.Fatal(err)
		}
		acct.State = state
		if err := f.Store.UpdateAccount(ctx, acct); err != nil {
			t.Fatal(err)
		}
	}

	setAccount(paceline.AccountPaused)
	for _, v := range list() {
		if v.State != "paused" || !strings.Contains(v.PausedReason, "account carol is paused") ||
			!strings.Contains(v.PausedReason, "paceline accounts resume carol") || v.Outcome != "" {
			t.Errorf("task %d of the paused account: state %q, paused_reason %q, outcome %q", v.ID, v.State, v.PausedReason, v.Outcome)
		}
	}
	setAccount(paceline.AccountActive)

	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "q3", Accounts: []string{"carol"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	if err := f.Store.SetCampaignState(ctx, "q3", paceline.CampaignPaused, "holiday"); err != nil {
		t.Fatal(err)
	}
	for _, v := range list() {
		if v.State != "paused" || !strings.Contains(v.PausedReason, "campaign q3 is paused (holiday)") {
			t.Errorf("task %d of the paused campaign: state %q, paused_reason %q", v.ID, v.State, v.PausedReason)
		}
	}
	if err := f.Store.SetCampaignState(ctx, "q3", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	for _, v := range list() {
		if v.State == "paused" || v.PausedReason != "" {
			t.Errorf("task %d after the resumes: state %q, paused_reason %q", v.ID, v.State, v.PausedReason)
		}
	}
}

// The command a paused reason hands the user names a campaign with a space quoted, so
// that pasting it starts that campaign.
func TestPausedReasonQuotesTheCampaign(t *testing.T) {
	t.Parallel()
	_, f := newAPI(t)
	ctx := t.Context()
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "spring push", Accounts: []string{"carol"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	if err := f.Store.SetCampaignState(ctx, "spring push", paceline.CampaignPaused, ""); err != nil {
		t.Fatal(err)
	}
	task := &paceline.Task{ID: 1, Account: "carol", Kind: paceline.KindInvite, Campaign: "spring push", State: paceline.TaskPlanned}
	views, err := api.ViewTasks(ctx, f.Store, f.Store, []*paceline.Task{task})
	if err != nil {
		t.Fatal(err)
	}
	if want := "(paceline campaigns start 'spring push')"; views[0].State != "paused" || !strings.HasSuffix(views[0].PausedReason, want) {
		t.Errorf("paused view %+v, want a reason ending %q", views[0], want)
	}
}
