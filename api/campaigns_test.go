package api_test

import (
	"context"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The API refuses the campaign names paceline campaigns create refuses: it used to
// store "-x", "a,b" and "x\u0000y", which the CLI then could not be given back.
// A name with a space or a slash is fine and is reached %-encoded.
func TestCreateCampaignRefusesNamesTheCLICannotTake(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	for _, tt := range []struct{ name, says string }{
		{`-q9`, "starts with '-'"},
		{`q9,q10`, "comma"},
		{`q9\u0000`, "control character"},
		{`q9\nq10`, "control character"},
	} {
		code, body := call(t, a, "POST", "/api/v1/campaigns", `{"name": "`+tt.name+`", "accounts": ["alice"]}`)
		if code != 400 || errorCode(t, body) != paceline.EINVALID || !strings.Contains(body, tt.says) || !strings.Contains(body, `"field": "name"`) {
			t.Errorf("name %s: %d %s, want 400 saying %q", tt.name, code, body, tt.says)
		}
	}
	for _, tt := range []struct{ body, field, says string }{
		{`{"name": "` + strings.Repeat("n", 201) + `", "accounts": ["alice"]}`, "name", "at most 200"},
		{`{"name": "q9", "list": "a\u0000b", "accounts": ["alice"]}`, "list", "control character"},
	} {
		var e struct {
			Error struct{ Code, Message, Field string }
		}
		code, body := call(t, a, "POST", "/api/v1/campaigns", tt.body)
		decodeJSON(t, body, &e)
		if code != 400 || e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.says) {
			t.Errorf("%.60s: %d %s, want 400 on %s saying %q", tt.body, code, body, tt.field, tt.says)
		}
	}
	// A sequence over the limit is blamed on the field sent, sequence (it said yaml).
	roomy := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, MaxBody: 1 << 20})
	long := `{"name": "q9", "accounts": ["alice"], "sequence": "` + strings.Repeat("#", api.MaxSequenceBytes+1) + `"}`
	if code, body := call(t, roomy, "POST", "/api/v1/campaigns", long); code != 400 || !strings.Contains(body, `"field": "sequence"`) {
		t.Errorf("long sequence: %d %.300s, want 400 on field sequence", code, body)
	}
	if list, _ := f.Store.Campaigns(t.Context()); len(list) != 0 {
		t.Fatalf("a refused campaign was stored: %v", list)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns", `{"name": "q1 / founders", "accounts": ["alice"]}`); code != 201 {
		t.Fatalf("create q1 / founders: %d %s", code, body)
	}
	if code, body := call(t, a, "GET", "/api/v1/campaigns/q1%20%2F%20founders", ""); code != 200 || !strings.Contains(body, `"name": "q1 / founders"`) {
		t.Errorf("get q1 / founders: %d %s", code, body)
	}
}

// post sends body chunked, with no Content-Length, as some clients send a bodiless POST.
func postChunked(t *testing.T, a *api.API, path, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+apitest.Token)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// The body of pause and opt-out may be left out, also by a client that sends an empty
// chunked body: that used to be 400 "the body is empty" while an empty body with
// Content-Length: 0 passed.
func TestOptionalBodyMayBeEmptyChunked(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now }})
	if err := f.Store.CreateCampaign(context.Background(), &paceline.Campaign{Name: "q9", Accounts: []string{"alice"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	if code, body := postChunked(t, a, "/api/v1/campaigns/q9/pause", ""); code != 200 || !strings.Contains(body, `"paused_reason": "paused by user"`) {
		t.Errorf("pause with an empty chunked body: %d %s", code, body)
	}
	if code, body := postChunked(t, a, "/api/v1/campaigns/q9/pause", `{"reason": "holiday"}`); code != 200 || !strings.Contains(body, `"paused_reason": "holiday"`) {
		t.Errorf("pause with a chunked reason: %d %s", code, body)
	}
	if code, body := postChunked(t, a, "/api/v1/campaigns/q9/pause", `{"reason": `); code != 400 {
		t.Errorf("pause with a cut chunked body: %d %s", code, body)
	}
	id := itoa(f.Leads[1].ID)
	if code, body := postChunked(t, a, "/api/v1/leads/"+id+"/opt-out", ""); code != 200 || !strings.Contains(body, `"opted_out_at"`) {
		t.Errorf("opt-out with an empty chunked body: %d %s", code, body)
	}
}

// A start answers what paceline campaigns start prints: how many leads it enrolled,
// whether it resumed and how many go on, and why it left each other lead of the list
// out, by reason and by the campaign they run in. The API used to answer only how
// many it enrolled: 0 did not tell a client that the leads ran in another campaign.
func TestStartCampaignSaysWhyLeadsWereLeftOut(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now },
		StartCampaignFunc: func(ctx context.Context, name string, _ api.StartOptions) (api.StartReport, error) {
			n := api.StartCount{Listed: 9, Enrolled: 2, Running: 1, Replied: 1, OptedOut: 1}
			n.Named("ca", name)
			n.Named("ca", name)
			n.Named("", name)
			return n.Report(paceline.CampaignPaused, 3), f.Store.SetCampaignState(ctx, name, paceline.CampaignActive, "")
		}})
	if code, body := call(t, a, "POST", "/api/v1/campaigns", `{"name": "q9", "accounts": ["alice"]}`); code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	code, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", "")
	var v struct {
		Name, State    string
		Enrolled       *int
		Resumed        bool
		GoingOn        int `json:"going_on"`
		Listed         int
		LeftOut        map[string]int `json:"left_out"`
		OtherCampaigns map[string]int `json:"other_campaigns"`
	}
	decodeJSON(t, body, &v)
	want := map[string]int{"running_in_another_campaign": 2, "replied_before": 1, "bounced_before": 0, "opted_out": 1,
		"no_way_to_reach": 0, "went_through_already": 1, "contacted_recently": 0, "no_list": 0, "enrolled_meanwhile": 1}
	if code != 200 || v.Name != "q9" || v.State != "active" || v.Enrolled == nil || *v.Enrolled != 2 ||
		!v.Resumed || v.GoingOn != 3 || v.Listed != 9 || !maps.Equal(v.LeftOut, want) ||
		!maps.Equal(v.OtherCampaigns, map[string]int{"ca": 2}) {
		t.Errorf("start: %d %s\nwant the active campaign, enrolled 2, resumed with 3 going on, 9 listed, left out %v, 2 in ca", code, body, want)
	}
}

// A start that left nobody out answers every reason with 0 and no other campaign,
// not null: a client reads the same fields from every start (the demo's included).
func TestStartCampaignAnswersEveryReason(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now },
		StartCampaignFunc: func(ctx context.Context, name string, _ api.StartOptions) (api.StartReport, error) {
			return api.StartReport{Enrolled: 4}, f.Store.SetCampaignState(ctx, name, paceline.CampaignActive, "")
		}})
	if code, body := call(t, a, "POST", "/api/v1/campaigns", `{"name": "q9", "accounts": ["alice"]}`); code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	_, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", "")
	for _, want := range []string{`"enrolled": 4`, `"resumed": false`, `"going_on": 0`, `"other_campaigns": {}`, `"opted_out": 0`, `"enrolled_meanwhile": 0`} {
		if !strings.Contains(body, want) {
			t.Errorf("start answered %s\nwant %s in it", body, want)
		}
	}
}
