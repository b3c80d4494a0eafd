package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzRequestBodies sends arbitrary bodies to every route that reads one: the API
// answers 2xx or 4xx, never 5xx, and always in its error format when it refuses.
func FuzzRequestBodies(f *testing.F) {
	for _, seed := range []string{
		`{"account": "alice", "type": "accepted", "lead": "ada-lovelace"}`,
		`{"yaml": "name: x\nsteps:\n  - id: a\n    invite: {}\n"}`,
		`{"yaml": "name: x\nsteps:\n  - id: a\n    invite: {}\n", "lead_id": 1}`,
		`{"outcome": "sent"}`, `{"name": "c", "accounts": ["alice"]}`, `{"reason": "x"}`,
		`{"at": "not a time"}`, `[]`, `null`, `"x"`, `{"a":`, "\x00", `{"yaml": 5}`, `{} {}`,
	} {
		f.Add(seed)
	}
	a, _ := newAPI(f)
	paths := []string{"/api/v1/events", "/api/v1/sequences/validate", "/api/v1/sequences/preview",
		"/api/v1/tasks/1/finish", "/api/v1/campaigns", "/api/v1/leads/1/opt-out", "/api/v1/campaigns/q1/pause"}
	f.Fuzz(func(t *testing.T, body string) {
		for _, p := range paths {
			code, out := call(t, a, http.MethodPost, p, body)
			if code >= 500 {
				t.Fatalf("POST %s %q: %d %s", p, body, code, out)
			}
			if code >= 400 && !strings.Contains(out, `"error"`) {
				t.Fatalf("POST %s %q: %d without an error body: %s", p, body, code, out)
			}
		}
	})
}
