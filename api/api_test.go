package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

func newAPI(t testing.TB) (*api.API, *apitest.Fixture) {
	t.Helper()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Tasks: f.Desk, Campaigns: f.Store, Importer: f.Store, NowFunc: func() time.Time { return apitest.Now }, MaxBody: 4096,
		Reviews: apitest.NewReviews(), Held: apitest.NewHeld()})
	return a, f
}

// call makes a request with the fixture's token and returns the status and body.
func call(t *testing.T, h http.Handler, method, path, body string, header ...string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+apitest.Token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func decodeJSON(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
}

// errorCode returns the code of an error answer, failing when the body is not one.
func errorCode(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	decodeJSON(t, body, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an error answer: %s", body)
	}
	return e.Error.Code
}

func TestAuth(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	tests := []struct {
		name, header string
		want         int
	}{
		{"no header", "", http.StatusUnauthorized},
		{"basic scheme", "Basic YWRtaW46eA==", http.StatusUnauthorized},
		{"empty token", "Bearer ", http.StatusUnauthorized},
		{"unknown token", "Bearer plt_nope", http.StatusUnauthorized},
		{"good token", "Bearer " + apitest.Token, http.StatusOK},
		{"scheme in lower case", "bearer " + apitest.Token, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, body := call(t, a, "GET", "/api/v1/accounts", "", "Authorization", tt.header)
			if code != tt.want {
				t.Fatalf("status %d, want %d: %s", code, tt.want, body)
			}
			if code == http.StatusUnauthorized && errorCode(t, body) != paceline.EUNAUTHORIZED {
				t.Errorf("code %s", body)
			}
		})
	}
	if code, _ := call(t, a, "GET", "/api/v1/openapi.json", "", "Authorization", ""); code != http.StatusOK {
		t.Errorf("openapi.json without a token: %d", code)
	}
}

func TestStatusMap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want int
	}{
		{paceline.Errorf(paceline.EINVALID, "x"), 400},
		{paceline.Errorf(paceline.EUNAUTHORIZED, "x"), 401},
		{paceline.Errorf(paceline.EFORBIDDEN, "x"), 403},
		{paceline.Errorf(paceline.ENOTFOUND, "x"), 404},
		{paceline.Errorf(paceline.ECONFLICT, "x"), 409},
		{paceline.Errorf(paceline.EUNAVAILABLE, "x"), 503},
		{paceline.Errorf("made-up", "x"), 500},
		{io.EOF, 500},
	}
	for _, tt := range tests {
		if got := api.Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestAccounts(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	code, body := call(t, a, "GET", "/api/v1/accounts", "")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var got struct {
		Accounts []struct {
			Name  string
			Usage struct {
				Kinds []struct {
					Kind    string
					Week    int
					WeekCap *int `json:"week_cap"`
					Explain string
				}
			}
		}
	}
	decodeJSON(t, body, &got)
	if len(got.Accounts) != 3 || got.Accounts[0].Name != "alice" {
		t.Fatalf("accounts %+v", got.Accounts)
	}
	found := false
	for _, k := range got.Accounts[0].Usage.Kinds {
		if k.Kind != "invite" {
			continue
		}
		found = true
		if k.Week != 4 || k.WeekCap == nil || *k.WeekCap != 100 || k.Explain == "" {
			t.Errorf("alice's invites %+v, want 4/100 with an explanation", k)
		}
	}
	if !found {
		t.Error("alice has no invite usage")
	}
	if code, body := call(t, a, "GET", "/api/v1/accounts/bob", ""); code != 200 || !strings.Contains(body, `"sales-navigator"`) {
		t.Errorf("bob: %d %s", code, body)
	}
	if code, body := call(t, a, "GET", "/api/v1/accounts/nobody", ""); code != 404 || errorCode(t, body) != paceline.ENOTFOUND {
		t.Errorf("unknown account: %d %s", code, body)
	}
	if code, body := call(t, a, "GET", "/api/v1/nothing-here", ""); code != 404 || errorCode(t, body) != paceline.ENOTFOUND {
		t.Errorf("unknown route: %d %s", code, body)
	}
	if code, _ := call(t, a, "DELETE", "/api/v1/accounts", ""); code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /accounts: %d", code)
	}
}

func TestLeadsPagination(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	var all []int64
	after := int64(0)
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		path := "/api/v1/leads?limit=4"
		if after != 0 {
			path += "&after=" + itoa(after)
		}
		code, body := call(t, a, "GET", path, "")
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		var page api.LeadPage
		decodeJSON(t, body, &page)
		for _, l := range page.Leads {
			all = append(all, l.ID)
		}
		if page.NextAfter == 0 {
			break
		}
		after = page.NextAfter
	}
	// Best score first, ties by id: 90, 80, 70 (3), 70 (4), 40, 20.
	want := []int64{f.Leads[0].ID, f.Leads[1].ID, f.Leads[2].ID, f.Leads[3].ID, f.Leads[4].ID, f.Leads[5].ID}
	if !equal(all, want) {
		t.Errorf("pages gave %v, want %v", all, want)
	}
	tests := []struct {
		query string
		want  int
	}{
		{"min_score=70", 4},
		{"seniority=manager", 2},
		{"seniority=manager&min_score=50", 1},
		{"limit=1", 1},
	}
	for _, tt := range tests {
		code, body := call(t, a, "GET", "/api/v1/leads?"+tt.query, "")
		var page api.LeadPage
		decodeJSON(t, body, &page)
		if code != 200 || len(page.Leads) != tt.want {
			t.Errorf("%s: %d, %d leads, want %d", tt.query, code, len(page.Leads), tt.want)
		}
	}
	for _, bad := range []string{"limit=0", "limit=501", "limit=x", "min_score=101", "seniority=boss", "after=-1", "opted_out=maybe"} {
		if code, body := call(t, a, "GET", "/api/v1/leads?"+bad, ""); code != 400 || errorCode(t, body) != paceline.EINVALID {
			t.Errorf("%s: %d %s", bad, code, body)
		}
	}
	code, body := call(t, a, "GET", "/api/v1/leads/"+itoa(f.Leads[0].ID), "")
	if code != 200 || !strings.Contains(body, `"rule": "seniority"`) {
		t.Errorf("lead with explanation: %d %s", code, body)
	}
	if code, _ := call(t, a, "GET", "/api/v1/leads/abc", ""); code != 400 {
		t.Errorf("bad id: %d", code)
	}
	if code, _ := call(t, a, "GET", "/api/v1/leads/999", ""); code != 404 {
		t.Errorf("missing lead: %d", code)
	}
}

func TestOptOutAndErase(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	id := itoa(f.Leads[1].ID)
	if code, body := call(t, a, "POST", "/api/v1/leads/"+id+"/opt-out", `{"reason": 7}`); code != 400 {
		t.Fatalf("wrong type: %d %s", code, body)
	}
	if code, _ := call(t, a, "GET", "/api/v1/leads/"+id, ""); code != 200 {
		t.Fatal("lead gone after a refused opt-out")
	}
	code, body := call(t, a, "POST", "/api/v1/leads/"+id+"/opt-out", `{"reason": "asked by email"}`)
	if code != 200 || !strings.Contains(body, `"opted_out_at"`) {
		t.Fatalf("opt-out: %d %s", code, body)
	}
	_, body = call(t, a, "GET", "/api/v1/leads?limit=50", "")
	if strings.Contains(body, `"grace-hopper"`) || strings.Contains(body, "Grace") {
		t.Error("an opted-out lead is listed by default")
	}
	_, body = call(t, a, "GET", "/api/v1/leads?opted_out=true", "")
	if !strings.Contains(body, "Grace") {
		t.Error("opted_out=true does not list the opted-out lead")
	}
	if code, body := call(t, a, "DELETE", "/api/v1/leads/"+id, ""); code != 200 || !strings.Contains(body, `"erased"`) {
		t.Fatalf("erase: %d %s", code, body)
	}
	if code, _ := call(t, a, "GET", "/api/v1/leads/"+id, ""); code != 404 {
		t.Errorf("erased lead still answers %d", code)
	}
	if code, _ := call(t, a, "DELETE", "/api/v1/leads/"+id, ""); code != 404 {
		t.Errorf("second erase: %d", code)
	}
}

func TestPostEventRefusesBadInput(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	count := func() int { return aliceEvents(t, f) }
	before := count()
	tests := []struct {
		name, body string
		header     []string
		status     int
		code       string
	}{
		{"malformed", `{"account": "alice",`, nil, 400, paceline.EINVALID},
		{"not an object", `[1, 2]`, nil, 400, paceline.EINVALID},
		{"unknown field", `{"account": "alice", "type": "accepted", "lead": "x", "colour": "red"}`, nil, 400, paceline.EINVALID},
		{"wrong type", `{"account": "alice", "type": "accepted", "at": 12}`, nil, 400, paceline.EINVALID},
		{"two values", `{"account": "alice", "type": "accepted"} {}`, nil, 400, paceline.EINVALID},
		{"unknown event type", `{"account": "alice", "type": "liked"}`, nil, 400, paceline.EINVALID},
		{"unknown kind", `{"account": "alice", "type": "limit_notice", "kind": "poke"}`, nil, 400, paceline.EINVALID},
		{"unknown account", `{"account": "zed", "type": "accepted"}`, nil, 404, paceline.ENOTFOUND},
		{"too large", `{"account": "alice", "type": "accepted", "lead": "` + strings.Repeat("x", 5000) + `"}`, nil, 413, "too_large"},
		{"not JSON", `account=alice`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"},
		{"empty", ` `, nil, 400, paceline.EINVALID},
	}
	for _, tt := range tests {
		code, body := call(t, a, "POST", "/api/v1/events", tt.body, tt.header...)
		if code != tt.status || errorCode(t, body) != tt.code {
			t.Errorf("%s: %d %s, want %d %s", tt.name, code, body, tt.status, tt.code)
		}
	}
	if n := count(); n != before {
		t.Fatalf("refused requests changed the events: %d, was %d", n, before)
	}
	good := `{"key": "k9", "account": "alice", "lead": "alan-turing", "type": "accepted", "at": "2026-03-04T10:00:00Z"}`
	if code, body := call(t, a, "POST", "/api/v1/events", good); code != 201 || !strings.Contains(body, `"recorded": true`) {
		t.Fatalf("good event: %d %s", code, body)
	}
	if code, body := call(t, a, "POST", "/api/v1/events", good); code != 200 || !strings.Contains(body, `"recorded": false`) {
		t.Fatalf("repeated event: %d %s", code, body)
	}
	if n := count(); n != before+1 {
		t.Errorf("events %d, want %d", n, before+1)
	}
	code, body := call(t, a, "GET", "/api/v1/accounts/alice/events?since=2026-03-04T00:00:00Z", "")
	if code != 200 || !strings.Contains(body, `"k9"`) || strings.Contains(body, `"e1"`) {
		t.Errorf("events since: %d %s", code, body)
	}
	if code, _ := call(t, a, "GET", "/api/v1/accounts/alice/events?since=yesterday", ""); code != 400 {
		t.Errorf("bad since: %d", code)
	}
}

func TestCampaigns(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	code, body := call(t, a, "GET", "/api/v1/campaigns/q1", "")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var v api.CampaignView
	decodeJSON(t, body, &v)
	if f := v.Funnel; f == nil || f.Invited != 4 || f.Accepted != 2 || f.Messaged != 1 || f.Replied != 1 || f.AcceptRate != 0.5 {
		t.Errorf("campaign %s", body)
	}
	if code, _ := call(t, a, "GET", "/api/v1/campaigns/none", ""); code != 404 {
		t.Errorf("unknown campaign: %d", code)
	}
	if code, _ := call(t, a, "GET", "/api/v1/campaigns?days=0", ""); code != 400 {
		t.Errorf("days=0: %d", code)
	}
	// q1 sent nothing in the last day, but Ada's reply to its message of two days
	// ago came in it: the window counts the reply, and nothing sent.
	_, body = call(t, a, "GET", "/api/v1/campaigns?days=1", "")
	var day struct{ Campaigns []api.CampaignView }
	decodeJSON(t, body, &day)
	var q1 *api.Funnel
	for _, c := range day.Campaigns {
		if c.Name == "q1" {
			q1 = c.Funnel
		}
	}
	if q1 == nil || q1.Invited != 0 || q1.Messaged != 0 || q1.Replied != 1 {
		t.Errorf("last day: want q1 with the reply only (invited 0, messaged 0, replied 1): %s", body)
	}
}

func TestSequences(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	bad := `{"yaml": "name: x\nsteps:\n  - id: a\n    invite: {}\n  - id: a\n    message: hi\n"}`
	code, body := call(t, a, "POST", "/api/v1/sequences/validate", bad)
	var v api.Validation
	decodeJSON(t, body, &v)
	if code != 200 || v.Valid || len(v.Errors) == 0 || v.Errors[0].Line == 0 {
		t.Fatalf("bad sequence: %d %s", code, body)
	}
	good := `{"yaml": "name: x\nsteps:\n  - id: a\n    invite: {note: \"Hi {{first_name}}\"}\n"}`
	code, body = call(t, a, "POST", "/api/v1/sequences/validate", good)
	decodeJSON(t, body, &v)
	if code != 200 || !v.Valid || len(v.Steps) != 1 {
		t.Fatalf("good sequence: %d %s", code, body)
	}
	preview := `{"yaml": "name: x\nsteps:\n  - id: a\n    invite: {note: \"Hi {{first_name}}\"}\n", "lead_id": ` + itoa(f.Leads[0].ID) + `}`
	code, body = call(t, a, "POST", "/api/v1/sequences/preview", preview)
	if code != 200 || !strings.Contains(body, `"note": "Hi Ada"`) {
		t.Fatalf("preview: %d %s", code, body)
	}
	if code, _ := call(t, a, "POST", "/api/v1/sequences/preview", `{"yaml": "x: [", "lead_id": 1}`); code != 400 {
		t.Errorf("preview of a bad sequence: %d", code)
	}
	if code, _ := call(t, a, "POST", "/api/v1/sequences/validate", `{"yml": ""}`); code != 400 {
		t.Errorf("unknown field: %d", code)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func hashOf(secret string) string { return paceline.HashSecret(secret) }

func TestTasks(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	code, body := call(t, a, "GET", "/api/v1/tasks", "")
	var got struct{ Tasks []api.TaskView }
	decodeJSON(t, body, &got)
	if code != 200 || len(got.Tasks) != 2 || got.Tasks[0].State != "offered" || got.Tasks[0].Todo == "" {
		t.Fatalf("tasks: %d %s", code, body)
	}
	if code, _ := call(t, a, "GET", "/api/v1/tasks?account=nobody", ""); code != 404 {
		t.Errorf("tasks of an unknown account: %d", code)
	}
	id := itoa(f.Tasks[0].ID)
	for _, bad := range []struct {
		path, body string
		status     int
	}{
		{"/api/v1/tasks/" + id + "/finish", `{"outcome": "maybe"}`, 400},
		{"/api/v1/tasks/" + id + "/finish", `{}`, 400},
		{"/api/v1/tasks/" + id + "/finish", `{"outcome": "sent", "by": "me"}`, 400},
		{"/api/v1/tasks/x/finish", `{"outcome": "sent"}`, 400},
		{"/api/v1/tasks/999/finish", `{"outcome": "sent"}`, 404},
	} {
		if code, body := call(t, a, "POST", bad.path, bad.body); code != bad.status {
			t.Errorf("%s %s: %d %s, want %d", bad.path, bad.body, code, body, bad.status)
		}
	}
	code, body = call(t, a, "POST", "/api/v1/tasks/"+id+"/finish", `{"outcome": "sent"}`)
	if code != 200 || !strings.Contains(body, `"state": "done"`) {
		t.Fatalf("finish: %d %s", code, body)
	}
	if code, body := call(t, a, "POST", "/api/v1/tasks/"+id+"/finish", `{"outcome": "skipped"}`); code != 409 {
		t.Errorf("finishing a done task otherwise: %d %s", code, body)
	}
	_, body = call(t, a, "GET", "/api/v1/tasks", "")
	decodeJSON(t, body, &got)
	if len(got.Tasks) != 1 {
		t.Errorf("open tasks after one was done: %d", len(got.Tasks))
	}
	none := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users})
	if code, body := call(t, none, "GET", "/api/v1/tasks", ""); code != 503 || errorCode(t, body) != paceline.EUNAVAILABLE {
		t.Errorf("tasks without a desk: %d %s", code, body)
	}
}

func TestForecast(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	code, body := call(t, a, "GET", "/api/v1/forecast?runs=3&weeks=2", "")
	if code != 200 || !strings.Contains(body, `"runs": 3`) || !strings.Contains(body, `"leads": 6`) || !strings.Contains(body, `"replies_by_day"`) {
		t.Fatalf("forecast: %d %s", code, body)
	}
	for _, bad := range []string{"runs=0", "runs=201", "weeks=27", "runs=x"} {
		if code, _ := call(t, a, "GET", "/api/v1/forecast?"+bad, ""); code != 400 {
			t.Errorf("%s: %d", bad, code)
		}
	}
}

func TestCampaignLifecycle(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	var started []string
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now },
		StartCampaignFunc: func(ctx context.Context, name string, _ api.StartOptions) (api.StartReport, error) {
			started = append(started, name)
			return api.StartReport{Enrolled: 3}, f.Store.SetCampaignState(ctx, name, paceline.CampaignActive, "")
		}})
	bad := `{"name": "q9", "accounts": ["alice"], "sequence": "name: x\nsteps:\n  - id: a\n    teleport: {}\n"}`
	code, body := call(t, a, "POST", "/api/v1/campaigns", bad)
	var e struct {
		Error struct {
			Code    string
			Details []struct {
				Line    int
				Message string
			}
		}
	}
	decodeJSON(t, body, &e)
	if code != 400 || e.Error.Code != paceline.EINVALID || len(e.Error.Details) == 0 || e.Error.Details[0].Line != 4 {
		t.Fatalf("bad sequence: %d %s", code, body)
	}
	if list, _ := f.Store.Campaigns(t.Context()); len(list) != 0 {
		t.Fatalf("a refused campaign was stored: %v", list)
	}
	for _, tt := range []struct {
		body   string
		status int
	}{
		{`{"name": "q9", "accounts": ["nobody"]}`, 404},
		{`{"name": "", "accounts": ["alice"]}`, 400},
		{`{"name": "q9", "accounts": "alice"}`, 400},
		{`{"name": "q9", "accounts": ["alice"], "colour": 1}`, 400},
	} {
		if code, body := call(t, a, "POST", "/api/v1/campaigns", tt.body); code != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.body, code, body, tt.status)
		}
	}
	code, body = call(t, a, "POST", "/api/v1/campaigns", `{"name": "q9", "accounts": ["alice", "bob"], "list": "founders"}`)
	if code != 201 || !strings.Contains(body, `"state": "draft"`) {
		t.Fatalf("create: %d %s", code, body)
	}
	if code, _ := call(t, a, "POST", "/api/v1/campaigns", `{"name": "q9", "accounts": ["alice"]}`); code != 409 {
		t.Errorf("duplicate: %d", code)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/start", ""); code != 200 || !strings.Contains(body, `"state": "active"`) || len(started) != 1 {
		t.Errorf("start: %d %s %v", code, body, started)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns/q9/pause", `{"reason": "holiday"}`); code != 200 || !strings.Contains(body, `"paused_reason": "holiday"`) {
		t.Errorf("pause: %d %s", code, body)
	}
	if code, _ := call(t, a, "POST", "/api/v1/campaigns/zz/pause", ""); code != 404 {
		t.Errorf("pause unknown: %d", code)
	}
	_, body = call(t, a, "GET", "/api/v1/campaigns", "")
	if !strings.Contains(body, `"name": "q9"`) || !strings.Contains(body, `"name": "q1"`) {
		t.Errorf("list lacks the stored or the ledger's campaigns: %s", body)
	}
	noStore := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users})
	for _, p := range []string{"/api/v1/campaigns", "/api/v1/campaigns/q9/pause", "/api/v1/campaigns/q9/start"} {
		if code, _ := call(t, noStore, "POST", p, `{"name": "x", "accounts": ["alice"]}`); code != 503 {
			t.Errorf("%s without a campaign store: %d", p, code)
		}
	}
}
