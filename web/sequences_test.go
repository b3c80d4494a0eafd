package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/web"
)

// The editor's calls refused a form post or an empty body with the decoder's bare
// "EOF", which says nothing a user can act on.
func TestEditorCallsSayWhatTheyWant(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	for _, tt := range []struct{ what, contentType, body, header, says string }{
		{"a form post", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}, "yaml": {"name: x"}}.Encode(), "", "as application/json"},
		{"a form post with the header", "application/x-www-form-urlencoded", "yaml=x", csrf, "as application/json"},
		{"an empty body", "application/json", "", csrf, "no JSON body"},
	} {
		req, _ := http.NewRequest("POST", srv.URL+"/sequences/validate", strings.NewReader(tt.body))
		req.Header.Set("Content-Type", tt.contentType)
		if tt.header != "" {
			req.Header.Set("X-CSRF-Token", tt.header)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest || strings.Contains(string(b), "EOF") || !strings.Contains(string(b), tt.says) {
			t.Errorf("%s: %d %s, want 400 saying %q", tt.what, res.StatusCode, b, tt.says)
		}
	}
}

// The editor makes campaign creation's template field check: a misspelt field is a
// problem, with its line and the name meant, both in the answer of the validate-as-
// you-type call and on the page the editor opens with; a custom field a stored lead
// carries is valid. The editor used to call valid a sequence that campaign creation
// then refused.
func TestEditorChecksTemplateFields(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	if err := apitest.InsertLeads(t.Context(), f.Store, []*paceline.Lead{{FirstName: "Ada", LastName: "Lovelace",
		ProfileKey: "ada-topic", Score: 10, Custom: map[string]string{"favourite_topic": "engines"}}}); err != nil {
		t.Fatal(err)
	}
	typo := "name: x\nsteps:\n  - id: hello\n    visit: {}\n  - id: connect\n    invite: {note: \"Hi {{first_nme}}, on {{favourite_topic}}\"}\n"
	s, err := web.New(web.Deps{Sequence: []byte(typo), API: api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store,
		Leads: f.Store, Users: f.Users, NowFunc: func() time.Time { return apitest.Now }}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	const problem = `note: unknown field "first_nme" (did you mean first_name?)`
	const want = "line 6, step connect: " + problem

	code, page := get(t, c, srv.URL+"/sequences")
	if code != 200 || !strings.Contains(page, `class="status bad"`) || !strings.Contains(page, "1 problem<") ||
		!strings.Contains(page, "<li>"+html.EscapeString(want)) {
		t.Errorf("the editor's page: %d, want it to show %q:\n%s", code, want, page)
	}

	validate := func(yaml string) (int, string) {
		body, _ := json.Marshal(map[string]string{"yaml": yaml})
		req, _ := http.NewRequest("POST", srv.URL+"/sequences/validate", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", csrf)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	var v struct {
		Valid  bool
		Errors []struct {
			Line    int
			Step    string
			Message string
		}
	}
	code, body := validate(typo)
	if err := json.Unmarshal([]byte(body), &v); err != nil || code != 200 || v.Valid || len(v.Errors) != 1 ||
		v.Errors[0].Line != 6 || v.Errors[0].Step != "connect" || !strings.HasPrefix(v.Errors[0].Message, problem) {
		t.Errorf("validate a misspelt field: %d %s, want the problem %q", code, body, want)
	}
	if code, body := validate(strings.Replace(typo, "first_nme", "first_name", 1)); code != 200 || !strings.Contains(body, `"valid":true`) {
		t.Errorf("validate a custom field a stored lead has: %d %s", code, body)
	}
}

// The editor opens a sequence too long to check, saying so, for the user to shorten it:
// the page's own check must not turn it into an error page.
func TestEditorOpensASequenceTooLongToCheck(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	long := "name: x\n# " + strings.Repeat("x", api.MaxSequenceBytes) + "\nsteps:\n  - id: look\n    visit: {}\n"
	s, err := web.New(web.Deps{Sequence: []byte(long), API: api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store,
		Leads: f.Store, Users: f.Users, NowFunc: func() time.Time { return apitest.Now }}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	if code, page := get(t, c, srv.URL+"/sequences"); code != 200 || !strings.Contains(page, "is longer than") || !strings.Contains(page, `class="status bad"`) {
		t.Errorf("the editor with a sequence too long to check: %d\n%.2000s", code, page)
	}
}
