package api_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// A start tells the leads its own accounts reached for another campaign (a note) from
// those another account reached (a warning, once the user chose to enroll them), and the
// dashboard's lines hold both; a lead left out by --skip-contacted is counted.
func TestContactedLinesSplitByAccount(t *testing.T) {
	t.Parallel()
	n := api.StartCount{Listed: 6, Enrolled: 5, SkippedContacted: 1}
	n.Contacted("acme-old")
	n.ContactedBy("globex-seat")
	n.ContactedBy("globex-seat")
	n.ContactedBy("initech-seat")
	r := n.Report(paceline.CampaignDraft, 0)
	if r.ContactedByOtherAccounts["globex-seat"] != 2 || r.ContactedByOtherAccounts["initech-seat"] != 1 || r.ContactedBefore["acme-old"] != 1 ||
		r.LeftOut[api.LeftContactedRecently] != 1 || r.LeftOut[api.LeftEnrolledMeanwhile] != 0 {
		t.Errorf("report: %+v", r)
	}
	notes := strings.Join(r.ContactedNotes(), "\n")
	if notes != "Note: 1 lead enrolled now was contacted before by this campaign's accounts for campaign acme-old: it gets this campaign's steps too (a connection is messaged, not invited again)." {
		t.Errorf("notes:\n%s", notes)
	}
	warning := r.OtherAccountsWarning()
	if len(warning) != 1 ||
		warning[0] != "Warning: 3 leads enrolled now were contacted in the last 100 days by accounts that are not this campaign's (2 by account globex-seat, 1 by account initech-seat): they hear from a second LinkedIn account now." {
		t.Errorf("warning:\n%s", strings.Join(warning, "\n"))
	}
	if got := r.ContactedLines(); len(got) != 2 || got[1] != warning[0] {
		t.Errorf("the dashboard's lines:\n%s", strings.Join(got, "\n"))
	}
	if got := strings.Join(r.LeftOutLines(&paceline.Campaign{Name: "acme q4", List: "acme"}, true), "\n"); !strings.Contains(got, "  1 contacted by an account within the days --skip-contacted gave (left out as asked)") {
		t.Errorf("left out:\n%s", got)
	}
	if (api.StartCount{}).Report(paceline.CampaignDraft, 0).OtherAccountsWarning() != nil {
		t.Error("a warning with no lead contacted by another account")
	}
}

// POST /api/v1/campaigns/{name}/start hands the body's choices to StartCampaignFunc
// and answers a ContactedRefusal with 409 conflict, the counts in the error's details
// and the body fields that go on in its message; a body that gives both ways on, or
// days out of range, is refused (400) before the start is called.
func TestStartCampaignRefusalAndOptions(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	var given []api.StartOptions
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now },
		StartCampaignFunc: func(ctx context.Context, name string, opt api.StartOptions) (api.StartReport, error) {
			given = append(given, opt)
			if !opt.IncludeContacted && opt.SkipContactedDays == 0 {
				return api.StartReport{}, &api.ContactedRefusal{Campaign: name, State: paceline.CampaignDraft, ByAccount: map[string]int{"globex-seat": 2}}
			}
			n := api.StartCount{Listed: 2, Enrolled: 2}
			n.ContactedBy("globex-seat")
			n.ContactedBy("globex-seat")
			return n.Report(paceline.CampaignDraft, 0), f.Store.SetCampaignState(ctx, name, paceline.CampaignActive, "")
		}})
	if code, body := call(t, a, "POST", "/api/v1/campaigns", `{"name": "q9", "accounts": ["alice"]}`); code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	code, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", "")
	var e struct {
		Error struct {
			Code, Message string
			Details       map[string]any
		}
	}
	decodeJSON(t, body, &e)
	if code != 409 || e.Error.Code != "conflict" || e.Error.Details["leads"] != float64(2) || e.Error.Details["days"] != float64(100) ||
		!strings.Contains(body, `"contacted_by_other_accounts": {`) || !strings.Contains(body, `"globex-seat": 2`) ||
		!strings.Contains(e.Error.Message, `{"include_contacted": true}`) || strings.Contains(e.Error.Message, "--include-contacted") {
		t.Errorf("start without a choice: %d %s", code, body)
	}
	for _, bad := range []string{`{"skip_contacted_days": 30, "include_contacted": true}`, `{"skip_contacted_days": -1}`, `{"skip_contacted_days": 36501}`} {
		if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", bad); code != 400 {
			t.Errorf("start with %s: %d %s; want 400", bad, code, body)
		}
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", `{"skip_contacted_days": 30}`); code != 200 || !strings.Contains(body, `"enrolled": 2`) {
		t.Errorf("start leaving them out: %d %s", code, body)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", `{"include_contacted": true, "all_leads": true}`); code != 200 || !strings.Contains(body, `"globex-seat": 2`) {
		t.Errorf("start including them: %d %s", code, body)
	}
	want := []api.StartOptions{{}, {SkipContactedDays: 30}, {IncludeContacted: true, AllLeads: true}}
	if !slices.Equal(given, want) {
		t.Errorf("the starts were given %+v; want %+v", given, want)
	}
}
