package api_test

import (
	"net/http"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// GET /api/v1/campaigns/{name}/variants counts each variant from the enrollments'
// snapshots; an unknown campaign is 404.
func TestCampaignVariants(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	apitest.VariantUses(t, f.Store, "ab", apitest.ABSequence, "alice", map[string]string{
		"in/v-a": `{"step":"connect","variant":"short","sent":true,"success":true}`,
		"in/v-b": `{"step":"connect","variant":"short","sent":true}`,
		"in/v-c": `{"step":"connect","variant":"warm","sent":true,"success":true}`,
	})
	code, body := call(t, a, http.MethodGet, "/api/v1/campaigns/ab/variants", "")
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	var got api.CampaignVariants
	decodeJSON(t, body, &got)
	if got.Campaign != "ab" || len(got.Steps) != 1 || got.Steps[0].Step != "connect" || got.Steps[0].Goal != paceline.EventAccepted || got.Steps[0].Frozen != "warm" {
		t.Fatalf("report: %s", body)
	}
	want := map[string][2]int{"short": {2, 1}, "warm": {1, 1}}
	for _, v := range got.Steps[0].Variants {
		if w := want[v.ID]; v.Sends != w[0] || v.Successes != w[1] || v.Frozen != (v.ID == "warm") || v.Mean <= 0 || v.Mean >= 1 {
			t.Errorf("%s: %+v; want sends and successes %v", v.ID, v, w)
		}
	}
	code, body = call(t, a, http.MethodGet, "/api/v1/campaigns/nope/variants", "")
	if code != http.StatusNotFound || errorCode(t, body) != paceline.ENOTFOUND {
		t.Errorf("unknown campaign: %d %s", code, body)
	}
}
