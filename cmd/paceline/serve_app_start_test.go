package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// QA's agency case through serve's API: starting cb answers what paceline campaigns
// start prints (TestCampaignStartSaysWhyEachLeadWasLeftOut), the leads left out by
// reason and the campaign they run in, and a resume says it resumed and how many
// leads go on. The API used to answer {"enrolled": 2} and nothing of the other four.
func TestServeStartSaysWhyLeadsWereLeftOut(t *testing.T) {
	t.Parallel()
	onBothStores(t, testServeStartSaysWhyLeadsWereLeftOut)
}

func testServeStartSaysWhyLeadsWereLeftOut(t *testing.T, db string) {
	agencyLists(t, db)
	mustCLI(t, db, "campaigns", "start", "ca")
	// serve makes no first user on PostgreSQL without a terminal: the token needs one.
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
	type started struct {
		State          string
		Enrolled       int
		Resumed        bool
		GoingOn        int `json:"going_on"`
		Listed         int
		LeftOut        map[string]int `json:"left_out"`
		OtherCampaigns map[string]int `json:"other_campaigns"`
	}
	post := func(path string) started {
		t.Helper()
		req := httptest.NewRequest("POST", path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var v started
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, rec.Body.String())
		}
		return v
	}
	leftOut := map[string]int{"running_in_another_campaign": 2, "replied_before": 1, "bounced_before": 0, "opted_out": 1,
		"no_way_to_reach": 0, "went_through_already": 0, "contacted_recently": 0, "no_list": 0, "enrolled_meanwhile": 0}
	v := post("/api/v1/campaigns/cb/start")
	if v.State != "active" || v.Enrolled != 2 || v.Resumed || v.GoingOn != 0 || v.Listed != 6 ||
		!maps.Equal(v.LeftOut, leftOut) || !maps.Equal(v.OtherCampaigns, map[string]int{"ca": 2}) {
		t.Errorf("start cb answered %+v\nwant active, 2 enrolled of 6, left out %v, 2 running in ca", v, leftOut)
	}
	post("/api/v1/campaigns/cb/pause")
	v = post("/api/v1/campaigns/cb/start")
	if v.State != "active" || v.Enrolled != 0 || !v.Resumed || v.GoingOn != 2 || !maps.Equal(v.LeftOut, leftOut) {
		t.Errorf("resume of cb answered %+v\nwant resumed with 2 going on, left out %v", v, leftOut)
	}
}
