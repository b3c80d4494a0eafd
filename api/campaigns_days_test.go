package api_test

import (
	"strings"
	"testing"
)

// A campaign not found within ?days=1 is said to have sent nothing "in the last 1 day",
// not "1 days".
func TestCampaignNotFoundCountsDays(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	for days, want := range map[string]string{"1": "in the last 1 day", "2": "in the last 2 days"} {
		code, body := call(t, a, "GET", "/api/v1/campaigns/nothing?days="+days, "")
		if code != 404 || !strings.Contains(body, want+`"`) {
			t.Errorf("days=%s: %d %s, want 404 saying %q", days, code, body, want)
		}
	}
}
