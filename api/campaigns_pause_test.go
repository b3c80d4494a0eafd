package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The API pauses as paceline campaigns pause does: a draft is refused with 409 and
// the CLI's message (it was paused, and resuming it then started it), and a second
// pause without a reason keeps the first one's reason (it was overwritten with
// "paused by user"); a new reason replaces it.
func TestPauseCampaignFollowsTheCLIRule(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now }})
	ctx := context.Background()
	for _, c := range []*paceline.Campaign{
		{Name: "d1", List: "nobody-here", State: paceline.CampaignDraft},
		{Name: "q9", State: paceline.CampaignActive},
	} {
		c.Accounts, c.Sequence = []string{"alice"}, "name: x\nsteps:\n  - id: a\n    invite: {}\n"
		if err := f.Store.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	code, body := call(t, a, "POST", "/api/v1/campaigns/d1/pause", "")
	if code != 409 || errorCode(t, body) != paceline.ECONFLICT {
		t.Errorf("pause of a draft: %d %s, want 409", code, body)
	}
	for _, want := range []string{"campaign d1 is a draft", "nothing to pause", `needs leads in its list \"nobody-here\"`, "then: paceline campaigns start d1"} {
		if !strings.Contains(body, want) {
			t.Errorf("pause of a draft said %s, want %q in it", body, want)
		}
	}
	if c, _ := f.Store.Campaign(ctx, "d1"); c.State != paceline.CampaignDraft {
		t.Errorf("a refused pause made the draft %s", c.State)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/pause", `{"reason": "holiday"}`); code != 200 || !strings.Contains(body, `"paused_reason": "holiday"`) {
		t.Errorf("pause: %d %s", code, body)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/pause", ""); code != 200 || !strings.Contains(body, `"paused_reason": "holiday"`) {
		t.Errorf("a second pause without a reason: %d %s, want the reason kept", code, body)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/pause", `{"reason": "flu"}`); code != 200 || !strings.Contains(body, `"paused_reason": "flu"`) {
		t.Errorf("a second pause with a new reason: %d %s", code, body)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/pause", `{"reason": "`+strings.Repeat("x", api.MaxPauseReason+1)+`"}`); code != 400 || !strings.Contains(body, `"field": "reason"`) {
		t.Errorf("a reason too long: %d %s", code, body)
	}
}

// PauseCampaign says what it did, for the CLI and the dashboard to say it.
func TestPauseCampaignOutcome(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "q9", Accounts: []string{"alice"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	for i, tt := range []struct {
		reason, was string
		want        api.PauseOutcome
		stored      string
	}{
		{"", "", api.Paused, api.DefaultPauseReason},
		{"", api.DefaultPauseReason, api.AlreadyPaused, api.DefaultPauseReason},
		{api.DefaultPauseReason, api.DefaultPauseReason, api.AlreadyPaused, api.DefaultPauseReason},
		{"flu", api.DefaultPauseReason, api.ReasonReplaced, "flu"},
	} {
		res, err := api.PauseCampaign(ctx, f.Store, f.Store, "q9", tt.reason)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		c, _ := f.Store.Campaign(ctx, "q9")
		if res.Outcome != tt.want || c.PausedReason != tt.stored || !strings.HasSuffix(res.Was(), tt.was) || (tt.was == "") != (res.Was() == "") {
			t.Errorf("%d: outcome %d, was %q, stored %q; want %d, %q, %q", i, res.Outcome, res.Was(), c.PausedReason, tt.want, tt.was, tt.stored)
		}
	}
	if _, err := api.PauseCampaign(ctx, f.Store, f.Store, "zz", ""); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("an unknown campaign: %v", err)
	}
}

// Was dates a pause from when it began: a new reason given later moves the
// campaign's updated_at, not the start of its pause.
func TestPauseResultWasDatesThePause(t *testing.T) {
	t.Parallel()
	began := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	res := api.PauseResult{Outcome: api.ReasonReplaced, Before: &paceline.Campaign{Name: "q9",
		State: paceline.CampaignPaused, PausedReason: "holiday", PausedAt: began, UpdatedAt: began.Add(49 * time.Hour)}}
	if got, want := res.Was(), "since 2026-11-20 09:30 UTC: holiday"; got != want {
		t.Errorf("Was() = %q, want %q", got, want)
	}
}
