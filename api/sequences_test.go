package api_test

import (
	"strings"
	"testing"
)

// A preview of a bad sequence says what is wrong, line by line in error.details as
// POST /api/v1/campaigns does; it used to say only "validate it first". A negative
// lead id is not "missing".
func TestPreviewSaysWhatIsWrong(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	bad := `{"yaml": "name: x\nsteps:\n  - id: a\n    teleport: {}\n", "lead_id": ` + itoa(f.Leads[0].ID) + `}`
	code, body := call(t, a, "POST", "/api/v1/sequences/preview", bad)
	var e struct {
		Error struct {
			Code, Field string
			Details     []struct {
				Line    int
				Message string
			}
		}
	}
	decodeJSON(t, body, &e)
	if code != 400 || e.Error.Field != "yaml" || len(e.Error.Details) == 0 || e.Error.Details[0].Line != 4 {
		t.Errorf("preview of a bad sequence: %d %s, want 400 with the problem on line 4 in details", code, body)
	}
	code, body = call(t, a, "POST", "/api/v1/sequences/preview", `{"yaml": "", "lead_id": -3}`)
	if code != 400 || !strings.Contains(body, "-3 is not a lead id") {
		t.Errorf("negative lead id: %d %s", code, body)
	}
}
