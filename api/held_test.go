package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The reviews routes list the AI texts waiting, approve one (as written or edited, an
// edit breaking a guardrail refused with 400) and reject one; a decided text cannot
// be decided again, and an unknown one is 404.
func TestReviewsRoutes(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	code, body := call(t, a, http.MethodGet, "/api/v1/reviews", "")
	var list struct{ Reviews []api.ReviewView }
	decodeJSON(t, body, &list)
	if code != http.StatusOK || len(list.Reviews) != 1 || list.Reviews[0].Lead != "ada-lovelace" || list.Reviews[0].Status != "needs_review" ||
		list.Reviews[0].Template != "Hi Ada, glad to connect." {
		t.Fatalf("list: %d %s", code, body)
	}
	key := `"campaign": "q1", "lead": "ada-lovelace", "step": "connect"`
	for _, tc := range []struct {
		path, body string
		want       int
		code       string
	}{
		{"/api/v1/reviews/approve", `{"campaign": "q1", "lead": "ada-lovelace"}`, http.StatusBadRequest, "invalid"},
		{"/api/v1/reviews/reject", `{` + key + `, "text": "x"}`, http.StatusBadRequest, "invalid"},
		{"/api/v1/reviews/approve", `{` + key + `, "text": "Results guaranteed, Ada."}`, http.StatusBadRequest, "invalid"},
		{"/api/v1/reviews/approve", `{"campaign": "q1", "lead": "nobody", "step": "connect"}`, http.StatusNotFound, "not_found"},
		{"/api/v1/reviews/approve", `{` + key + `, "nope": 1}`, http.StatusBadRequest, "invalid"},
	} {
		if code, body := call(t, a, http.MethodPost, tc.path, tc.body); code != tc.want || errorCode(t, body) != tc.code {
			t.Errorf("POST %s %s: %d %s, want %d %s", tc.path, tc.body, code, body, tc.want, tc.code)
		}
	}
	code, body = call(t, a, http.MethodPost, "/api/v1/reviews/approve", `{`+key+`, "text": "Hi Ada, glad to connect with Acme's CTO."}`)
	var got api.ReviewView
	decodeJSON(t, body, &got)
	if code != http.StatusOK || got.Status != "approved" || got.Text != "Hi Ada, glad to connect with Acme's CTO." {
		t.Fatalf("approve: %d %s", code, body)
	}
	if code, body := call(t, a, http.MethodPost, "/api/v1/reviews/reject", `{`+key+`}`); code != http.StatusConflict || !strings.Contains(body, "not waiting for review") {
		t.Errorf("reject after approve: %d %s, want 409", code, body)
	}
}

// The held routes list the held steps with why and what to do, and resume one: a
// second resume is a conflict, an unknown lead 404, a body without a lead 400.
func TestHeldRoutes(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	code, body := call(t, a, http.MethodGet, "/api/v1/held", "")
	var list struct {
		Held []struct {
			Campaign, Lead, Account, Step, Why, Todo string
			Since                                    time.Time
			Resuming                                 bool
		}
	}
	decodeJSON(t, body, &list)
	if code != http.StatusOK || len(list.Held) != 1 {
		t.Fatalf("list: %d %s", code, body)
	}
	h := list.Held[0]
	if h.Campaign != "q1" || h.Lead != "bob-brown" || h.Step != "hello" || !strings.Contains(h.Why, `"company"`) ||
		!strings.Contains(h.Todo, "company") || !h.Since.Equal(apitest.Now.Add(-2*time.Hour)) || h.Resuming {
		t.Errorf("held step %+v", h)
	}
	if code, body := call(t, a, http.MethodPost, "/api/v1/held/resume", `{"campaign": "q1"}`); code != http.StatusBadRequest || !strings.Contains(body, "lead") {
		t.Errorf("resume without a lead: %d %s", code, body)
	}
	if code, body := call(t, a, http.MethodPost, "/api/v1/held/resume", `{"campaign": "q1", "lead": "nobody"}`); code != http.StatusNotFound {
		t.Errorf("resume an unknown lead: %d %s", code, body)
	}
	code, body = call(t, a, http.MethodPost, "/api/v1/held/resume", `{"campaign": "q1", "lead": "bob-brown"}`)
	if code != http.StatusOK || !strings.Contains(body, `"resuming": true`) {
		t.Fatalf("resume: %d %s", code, body)
	}
	if code, body := call(t, a, http.MethodPost, "/api/v1/held/resume", `{"campaign": "q1", "lead": "bob-brown"}`); code != http.StatusConflict {
		t.Errorf("second resume: %d %s, want 409", code, body)
	}
}

// A server without AI writing or campaigns says so (503), and every route needs a token.
func TestReviewsAndHeldUnavailable(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, Users: f.Users})
	for _, r := range [][3]string{
		{http.MethodGet, "/api/v1/reviews", ""}, {http.MethodPost, "/api/v1/reviews/approve", "{}"},
		{http.MethodGet, "/api/v1/held", ""}, {http.MethodPost, "/api/v1/held/resume", "{}"},
	} {
		if code, body := call(t, a, r[0], r[1], r[2]); code != http.StatusServiceUnavailable {
			t.Errorf("%s %s without the dependency: %d %s", r[0], r[1], code, body)
		}
		if code, _ := call(t, a, r[0], r[1], r[2], "Authorization", ""); code != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d", r[0], r[1], code)
		}
	}
}
