package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// An address the dashboard does not serve, or a button's address opened as a link,
// answers the dashboard's error page with the right status, not Go's plain-text
// "404 page not found" or "Method Not Allowed"; the API keeps its JSON errors.
func TestUnknownPagesAnswerTheDashboardsErrorPage(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	for _, tc := range []struct {
		path   string
		status int
		want   string
		allow  string
	}{
		{"/nope", http.StatusNotFound, "There is no page at /nope", ""},
		{"/accounts/", http.StatusNotFound, "There is no page at /accounts/", ""},
		{"/campaigns/demo/pause", http.StatusMethodNotAllowed, "is a button&#39;s address", "POST"},
		{"/tasks/1/finish", http.StatusMethodNotAllowed, "is a button&#39;s address", "POST"},
	} {
		res, err := c.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		body := string(b)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(body, tc.want) || !strings.Contains(body, "Back to the dashboard") || res.Header.Get("Allow") != tc.allow {
			t.Errorf("GET %s: %d %q Allow %q, want %d with %q:\n%s", tc.path, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Allow"), tc.status, tc.want, body)
		}
	}
	res, err := c.Get(srv.URL + "/api/v1/nope")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("GET /api/v1/nope: %d %q, want the API's JSON", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// The import page's poll (a fetch asking for JSON) after the session ended answers
// 401 in JSON, which the script shows, instead of following a redirect to the login
// page and failing to read its HTML as JSON.
func TestJSONFetchWithoutSessionAnswers401(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/leads/imports/0123abcd/status", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.Contains(string(b), `"message"`) {
		t.Errorf("logged-out JSON fetch: %d %q %s", res.StatusCode, res.Header.Get("Content-Type"), b)
	}
	// A page asked for without a session still goes to the login.
	if code, _ := get(t, client(t), srv.URL+"/leads/imports/0123abcd"); code != http.StatusSeeOther {
		t.Errorf("logged-out page: %d, want a redirect to the login", code)
	}
}
