package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/score"
)

// unawaited is valid, but its if: connected step comes after an invite nothing waits
// for; weeks names a delay of weeks in working time.
const (
	unawaited = "name: x\nsteps:\n  - id: connect\n    invite: {}\n  - id: hello\n    delay: 1d\n    if: connected\n    message: \"Hi {{first_name}}\"\n"
	weeks     = "name: x\nsteps:\n  - id: look\n    visit: {}\n  - id: connect\n    delay: {for: 1w, in: working}\n    invite: {}\n"
)

// POST /api/v1/sequences/validate answers a valid sequence's warnings in "warnings",
// each with its line and step, as sequence.Warnings says them; the sequence stays
// valid. "warnings" is [] when there are none, on a bad sequence too. POST
// /api/v1/campaigns creates the campaign and says the same warning. Validate used to
// have no warnings at all.
func TestValidateAnswersWarnings(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	type warning struct {
		Line          int
		Step, Message string
	}
	validate := func(seq string) (map[string]any, []warning) {
		t.Helper()
		code, body := call(t, a, "POST", "/api/v1/sequences/validate", fmt.Sprintf(`{"yaml": %q}`, seq))
		if code != 200 {
			t.Fatalf("validate: %d %s", code, body)
		}
		var raw map[string]any
		decodeJSON(t, body, &raw)
		var v struct{ Warnings []warning }
		decodeJSON(t, body, &v)
		if _, ok := raw["warnings"].([]any); !ok {
			t.Errorf("validate %q: no warnings array in %s", seq, body)
		}
		return raw, v.Warnings
	}
	raw, ws := validate(unawaited)
	if raw["valid"] != true || len(ws) != 1 || ws[0].Line != 7 || ws[0].Step != "hello" ||
		!strings.HasPrefix(ws[0].Message, "if: connected is tested when this step comes due, and nothing waits for the invite of step connect (line 3)") {
		t.Errorf("unawaited invite: valid %v, warnings %+v", raw["valid"], ws)
	}
	raw, ws = validate(weeks)
	if raw["valid"] != true || len(ws) != 1 || ws[0].Line != 6 || !strings.Contains(ws[0].Message, "1w is 7 working days") {
		t.Errorf("weeks in working time: valid %v, warnings %+v", raw["valid"], ws)
	}
	if raw, ws = validate("name: x\nsteps:\n  - id: a\n    invite: {}\n    wait_for: {event: accepted, timeout: 14d}\n  - id: b\n    if: connected\n    message: Hi\n"); raw["valid"] != true || len(ws) != 0 {
		t.Errorf("awaited invite: valid %v, warnings %+v, want none", raw["valid"], ws)
	}
	if raw, ws = validate("name: x\nsteps:\n  - id: a\n    teleport: {}\n"); raw["valid"] != false || len(ws) != 0 {
		t.Errorf("bad sequence: valid %v, warnings %+v", raw["valid"], ws)
	}

	code, body := call(t, a, "POST", "/api/v1/campaigns", fmt.Sprintf(`{"name": "unawaited", "accounts": ["bob"], "sequence": %q}`, unawaited))
	var c api.CampaignView
	decodeJSON(t, body, &c)
	if code != http.StatusCreated || len(c.Warnings) != 1 || !strings.HasPrefix(c.Warnings[0], "line 7, step hello: if: connected is tested") {
		t.Errorf("create: %d %s, want it created with the warning", code, body)
	}
}

// requestKey marks the context of a test request.
type requestKey struct{}

// contextRules is a lead store that counts the reads of the ICP rules in force made
// without the request's context.
type contextRules struct {
	api.LeadStore
	mu           sync.Mutex
	noRequestCtx int
}

func (s *contextRules) ICPRules(ctx context.Context) (score.Stored, bool, error) {
	if ctx.Value(requestKey{}) == nil {
		s.mu.Lock()
		s.noRequestCtx++
		s.mu.Unlock()
	}
	return s.LeadStore.ICPRules(ctx)
}

// POST /api/v1/sequences/preview reads the rules that explain the lead's score with
// the request's context; it read them with none.
func TestPreviewReadsTheRulesWithTheRequest(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	leads := &contextRules{LeadStore: f.Store}
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: leads, Users: f.Users,
		NowFunc: func() time.Time { return apitest.Now }})
	body := fmt.Sprintf(`{"yaml": %q, "lead_id": %d}`, unawaited, f.Leads[0].ID)
	req := httptest.NewRequest("POST", "/api/v1/sequences/preview", strings.NewReader(body))
	req = req.WithContext(context.WithValue(req.Context(), requestKey{}, true))
	req.Header.Set("Authorization", "Bearer "+apitest.Token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"lead"`) {
		t.Fatalf("preview: %d %s", rec.Code, rec.Body)
	}
	leads.mu.Lock()
	defer leads.mu.Unlock()
	if leads.noRequestCtx != 0 {
		t.Errorf("preview read the rules %d times without the request's context", leads.noRequestCtx)
	}
}
