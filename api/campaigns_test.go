package api_test

import (
	"context"
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

// A start answers how many leads it enrolled (StartCampaignFunc's count, which the
// API used to drop): 0 tells a client that nothing new will be sent.
func TestStartCampaignSaysHowManyEnrolled(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now },
		StartCampaignFunc: func(ctx context.Context, name string) (int, error) {
			return 7, f.Store.SetCampaignState(ctx, name, paceline.CampaignActive, "")
		}})
	if code, body := call(t, a, "POST", "/api/v1/campaigns", `{"name": "q9", "accounts": ["alice"]}`); code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	code, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", "")
	var v struct {
		Name, State string
		Enrolled    *int
	}
	decodeJSON(t, body, &v)
	if code != 200 || v.Name != "q9" || v.State != "active" || v.Enrolled == nil || *v.Enrolled != 7 {
		t.Errorf("start: %d %s, want the active campaign with enrolled 7", code, body)
	}
}
