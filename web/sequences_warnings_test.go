package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/web"
)

// unawaited is valid, but its if: connected step comes after an invite nothing waits
// for: sequence.Warnings warns of it.
const unawaited = "name: x\nsteps:\n  - id: connect\n    invite: {}\n  - id: hello\n    delay: 1d\n    if: connected\n    message: \"Hi {{first_name}}\"\n"

// unawaitedWarning is the start of its warning, as ValidationError.Error says it.
const unawaitedWarning = "line 7, step hello: if: connected is tested when this step comes due, and nothing waits for the invite of step connect (line 3)"

// The sequence editor warns of an if: connected step reached after an invite with no
// wait_for: accepted, in the validate-as-you-type answer and on the page it opens
// with, apart from the problems: the sequence stays valid and a campaign is created
// from it, the campaigns page saying the warning. The editor used to say nothing.
func TestEditorWarnsOfConnectedWithoutWaitFor(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	s, err := web.New(web.Deps{Sequence: []byte(unawaited), API: api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store,
		Leads: f.Store, Users: f.Users, Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now }}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)

	code, page := get(t, c, srv.URL+"/sequences")
	if code != 200 || !strings.Contains(page, `class="status ok"`) || !strings.Contains(page, "1 warning<") ||
		!strings.Contains(page, `<ul id="problems" class="problems"></ul>`) ||
		!strings.Contains(page, `<ul id="warnings" class="warnings"><li>Warning: `+html.EscapeString(unawaitedWarning)) {
		t.Errorf("the editor's page: %d, want it valid with the warning %q:\n%s", code, unawaitedWarning, page)
	}

	body, _ := json.Marshal(map[string]string{"yaml": unawaited})
	req, _ := http.NewRequest("POST", srv.URL+"/sequences/validate", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Valid            bool
		Errors, Warnings []sequence.ValidationError
	}
	err = json.NewDecoder(res.Body).Decode(&v)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 || !v.Valid || len(v.Errors) != 0 || len(v.Warnings) != 1 ||
		!strings.HasPrefix(v.Warnings[0].Error(), unawaitedWarning) {
		t.Errorf("validate: %d %+v %v, want valid with the warning %q", res.StatusCode, v, err, unawaitedWarning)
	}

	res, page = postForm(t, c, srv.URL+"/campaigns", url.Values{"csrf": {csrf}, "name": {"unawaited"}, "accounts": {"bob"}, "sequence": {unawaited}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d, want the campaign created despite the warning\n%s", res.StatusCode, page)
	}
	if _, page := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(page, "Created unawaited as a draft") ||
		!strings.Contains(page, html.EscapeString("Warning: "+unawaitedWarning)) {
		t.Errorf("the campaigns page does not warn of the unawaited invite:\n%s", page)
	}
	if got, err := f.Store.Campaign(t.Context(), "unawaited"); err != nil || got.Sequence != unawaited {
		t.Errorf("stored campaign %+v %v", got, err)
	}
}
