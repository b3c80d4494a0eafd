package api_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline"
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
