package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The sequence editor creates a campaign from the YAML being edited: a refused form
// (a bad sequence, an unknown account, a taken name) answers the editor again with
// why and everything as typed; a good one stores a draft and lands on Campaigns.
func TestEditorCreatesCampaign(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	srv := serveFixture(t, f, func(d *api.Deps) { d.Campaigns = f.Store })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	_, page := get(t, c, srv.URL+"/sequences")
	if !strings.Contains(page, `<form method="post" action="/campaigns" id="create-campaign"`) || !strings.Contains(page, `name="sequence" form="create-campaign"`) ||
		!strings.Contains(page, `name="accounts" value="alice"`) {
		t.Fatalf("the editor has no campaign form:\n%s", page)
	}
	const good = "name: x\nsteps:\n  - id: a\n    invite: {note: \"Hi {{first_name}}\"}\n"
	const bad = "name: x\nsteps:\n  - id: a\n    message: \"Hi {{first_name}}\"\n"
	// A note over alice's 200 characters (she is a free account) is said in the form:
	// the editor's own check, which knows no accounts, lists nothing under the YAML.
	long := "name: x\nsteps:\n  - id: a\n    invite: {note: \"" + strings.Repeat("x", 272) + "\"}\n"
	form := func(name, seq string, accounts ...string) url.Values {
		return url.Values{"csrf": {csrf}, "name": {name}, "list": {"q1 <list>"}, "accounts": accounts, "priority": {"2"}, "sequence": {seq}}
	}
	if res, _ := postForm(t, c, srv.URL+"/campaigns", url.Values{"name": {"n"}, "sequence": {good}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("create without CSRF: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		form url.Values
		want []string
	}{
		{form("spring <b>", bad, "alice"), []string{"guard it with if: connected", "Hi {{first_name}}", `name="name" value="spring &lt;b&gt;"`, `value="q1 &lt;list&gt;"`, `name="accounts" value="alice" checked`}},
		{form("spring", good, "alice", "nobody"), []string{"no account named", `name="name" value="spring"`}},
		{form("spring", long, "bob", "alice"), []string{"cannot be sent from these accounts: line 4, step a: the note has 272 characters", "200-character limit of account alice (free)"}},
		{form("", good, "alice"), []string{"name: is empty"}},
		{form("spring", good), []string{"account"}},
	} {
		res, body := postForm(t, c, srv.URL+"/campaigns", tc.form)
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusNotFound {
			t.Errorf("create %v: %d, want the editor again\n%s", tc.form["name"], res.StatusCode, body)
			continue
		}
		for _, want := range append(tc.want, `id="create-campaign"`, `role="alert"`) {
			if !strings.Contains(body, want) && !strings.Contains(body, html.EscapeString(want)) {
				t.Errorf("create %v: the editor lacks %q", tc.form["name"], want)
			}
		}
	}
	if list, _ := f.Store.Campaigns(t.Context()); len(list) != 0 {
		t.Fatalf("refused forms stored %d campaigns", len(list))
	}
	res, body := postForm(t, c, srv.URL+"/campaigns", form("spring", good, "alice", "bob"))
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns?") {
		t.Fatalf("create: %d to %q\n%s", res.StatusCode, loc, body)
	} else if _, page := get(t, c, srv.URL+loc); !strings.Contains(page, "Created spring as a draft") || !strings.Contains(page, `id="campaign-spring"`) {
		t.Fatalf("the campaigns page does not show the new draft:\n%s", page)
	}
	got, err := f.Store.Campaign(t.Context(), "spring")
	if err != nil || got.List != "q1 <list>" || strings.Join(got.Accounts, ",") != "alice,bob" || got.Priority != 2 || got.Sequence != good {
		t.Fatalf("stored campaign %+v %v", got, err)
	}
	// A note whose field may take it over alice's 200 characters is created, and the
	// message on Campaigns warns of it.
	tight := "name: x\nsteps:\n  - id: a\n    invite: {note: \"" + strings.Repeat("y", 190) + " {{first_name}}\"}\n"
	if res, body := postForm(t, c, srv.URL+"/campaigns", form("tight", tight, "alice")); res.StatusCode != http.StatusSeeOther {
		t.Errorf("create tight: %d\n%s", res.StatusCode, body)
	} else if _, page := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(page, html.EscapeString("Warning: line 4, step a: the note has 190 characters before {{first_name}} is filled in")) {
		t.Errorf("the campaigns page does not warn of the tight note:\n%s", page)
	}
	if res, body := postForm(t, c, srv.URL+"/campaigns", form("spring", good, "alice")); res.StatusCode != http.StatusConflict || !strings.Contains(body, "already exists") {
		t.Errorf("a taken name: %d\n%s", res.StatusCode, body)
	}
}
