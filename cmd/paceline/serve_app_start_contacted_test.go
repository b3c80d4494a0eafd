package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// The API's start (serve's StartCampaignFunc, the dashboard's too) refuses, as
// paceline campaigns start does, a start whose leads an account not of the campaign
// reached out to in the last 100 days: 409 conflict with the counts in the error's
// details, nothing enrolled. The body chooses the way on: {"skip_contacted_days": N}
// or {"include_contacted": true}, not both (400). {"all_leads": true} confirms a
// campaign without a list in a database of several lists, which the API could not
// confirm before (its refusal named only the command's flag).
func TestServeStartRefusesLeadsOtherAccountsContacted(t *testing.T) {
	t.Parallel()
	onBothStores(t, testServeStartRefusesLeadsOtherAccountsContacted)
}

func testServeStartRefusesLeadsOtherAccountsContacted(t *testing.T, db string) {
	contactedByGlobexLeads(t, db)
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--list", "acme", "--accounts", "acme-seat")
	mustCLI(t, db, "users", "create", "admin")
	a := &app{dbPath: db, stdout: io.Discard, stderr: io.Discard}
	ctx := t.Context()
	rdb, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	desk := &assist.Desk{Store: rdb.store, NowFunc: time.Now}
	h, err := a.appHandler(ctx, rdb, desk, nil, nil, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	const token = "plt_serve-test-token-0123456789abcdefghijk"
	if _, err := rdb.store.CreateToken(ctx, "admin", "test", token[:8], paceline.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	post := func(path, body string) (int, string) {
		t.Helper()
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	type refusal struct {
		Error struct {
			Code, Message string
			Details       struct {
				Leads                    int
				ContactedByOtherAccounts map[string]int `json:"contacted_by_other_accounts"`
				Days                     int
				Options                  []string
			}
		}
	}
	type started struct {
		State                    string
		Enrolled                 int
		LeftOut                  map[string]int `json:"left_out"`
		ContactedByOtherAccounts map[string]int `json:"contacted_by_other_accounts"`
	}
	decode := func(body string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("%v\n%s", err, body)
		}
	}

	code, body := post("/api/v1/campaigns/acme-q4/start", "")
	var r refusal
	decode(body, &r)
	if code != http.StatusConflict || r.Error.Code != paceline.ECONFLICT || r.Error.Details.Leads != 2 ||
		!maps.Equal(r.Error.Details.ContactedByOtherAccounts, map[string]int{"globex-seat": 2}) || r.Error.Details.Days != 100 ||
		!slices.Equal(r.Error.Details.Options, []string{"skip_contacted_days", "include_contacted"}) ||
		!strings.Contains(r.Error.Message, "campaign acme-q4 would enroll 2 leads that accounts not of this campaign contacted in the last 100 days (2 by account globex-seat)") ||
		!strings.Contains(r.Error.Message, `{"skip_contacted_days": DAYS}`) || !strings.Contains(r.Error.Message, `{"include_contacted": true}`) {
		t.Errorf("start without a choice: %d %s\nwant 409 conflict, 2 leads by globex-seat in the details", code, body)
	}
	checkNobodyEnrolled(t, db, "acme-q4")
	if code, body := post("/api/v1/campaigns/acme-q4/start", `{"skip_contacted_days": 10, "include_contacted": true}`); code != http.StatusBadRequest ||
		!strings.Contains(body, "cannot go with skip_contacted_days") {
		t.Errorf("start with both choices: %d %s; want 400", code, body)
	}
	checkNobodyEnrolled(t, db, "acme-q4")

	code, body = post("/api/v1/campaigns/acme-q4/start", `{"skip_contacted_days": 100}`)
	var v started
	decode(body, &v)
	if code != http.StatusOK || v.State != "active" || v.Enrolled != 1 || v.LeftOut["contacted_recently"] != 3 || len(v.ContactedByOtherAccounts) != 0 {
		t.Errorf("start skipping 100 days: %d %s\nwant Bob enrolled alone, 3 left out", code, body)
	}
	mustCLI(t, db, "campaigns", "stop", "acme-q4")

	mustCLI(t, db, "campaigns", "create", "--name", "acme-q5", "--list", "acme", "--accounts", "acme-seat")
	code, body = post("/api/v1/campaigns/acme-q5/start", `{"include_contacted": true}`)
	v = started{}
	decode(body, &v)
	if code != http.StatusOK || v.Enrolled != 4 || !maps.Equal(v.ContactedByOtherAccounts, map[string]int{"globex-seat": 2}) {
		t.Errorf("start including them: %d %s\nwant 4 enrolled, 2 of them contacted by globex-seat", code, body)
	}

	// A second list: a campaign without a list is refused, and the body confirms it.
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "globex.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/gl-dee,Dee D\n"), "--list", "globex")
	mustCLI(t, db, "campaigns", "create", "--name", "every", "--accounts", "acme-seat")
	if code, body := post("/api/v1/campaigns/every/start", ""); code != http.StatusBadRequest || !strings.Contains(body, `{\"all_leads\": true}`) {
		t.Errorf("start without a list: %d %s; want 400 naming all_leads", code, body)
	}
	checkNobodyEnrolled(t, db, "every")
	code, body = post("/api/v1/campaigns/every/start", `{"all_leads": true}`)
	v = started{}
	decode(body, &v)
	if code != http.StatusOK || v.Enrolled != 1 || v.LeftOut["running_in_another_campaign"] != 4 {
		t.Errorf("start with all_leads: %d %s\nwant Dee enrolled, the 4 of acme-q5 left out", code, body)
	}
}
