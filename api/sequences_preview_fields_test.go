package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// A template field no lead has is answered as POST /api/v1/sequences/validate answers
// it: a 400 whose details list each problem with its line and step, the sequence's
// rules beside the misspelt fields. The preview put the problems in the message only.
func TestPreviewListsUnknownFieldsInDetails(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	type problem struct {
		Line          int
		Step, Message string
	}
	connect := "name: x\nsteps:\n  - id: connect\n    invite:\n      note: \"Hi {{frist_name}}\"\n"
	for _, tt := range []struct {
		what, seq string
		want      []problem // Message: a part of it
	}{
		{"a misspelt field", connect, []problem{{5, "connect", "frist_name"}}},
		{"a misspelt field and a rule broken", connect + "  - id: hello\n    message:\n      body: \"Hello {{compnay}}\"\n",
			[]problem{{5, "connect", "frist_name"}, {7, "hello", "if: connected"}, {8, "hello", "compnay"}}},
	} {
		code, body := call(t, a, "POST", "/api/v1/sequences/preview", fmt.Sprintf(`{"yaml": %q, "lead_id": %d}`, tt.seq, f.Leads[0].ID))
		var ans struct {
			Error struct {
				Code, Field, Message string
				Details              []problem
			}
		}
		if err := json.Unmarshal([]byte(body), &ans); err != nil {
			t.Fatalf("preview with %s: %d %s: %v", tt.what, code, body, err)
		}
		ok := code == 400 && ans.Error.Code == "invalid" && ans.Error.Field == "yaml" && len(ans.Error.Details) == len(tt.want)
		for i := 0; ok && i < len(tt.want); i++ {
			got, want := ans.Error.Details[i], tt.want[i]
			ok = got.Line == want.Line && got.Step == want.Step && strings.Contains(got.Message, want.Message)
		}
		if !ok {
			t.Errorf("preview with %s: %d %s; want 400 with details %+v", tt.what, code, body, tt.want)
		}
	}
}
