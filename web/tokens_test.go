package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paceline/paceline/api/apitest"
)

// The API tokens page lists the live tokens without their secret, creates one for
// the logged-in user whose value it shows once (and which the API then takes),
// refuses an empty or taken name with why and the name as typed, and revokes a token.
func TestTokensPage(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	api := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/accounts", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}

	code, body := get(t, c, srv.URL+"/tokens")
	if code != http.StatusOK || !strings.Contains(body, `<td>test</td>`) || !strings.Contains(body, "<code>"+apitest.Token[:8]+"…</code>") ||
		strings.Contains(body, apitest.Token) || !strings.Contains(body, `href="/tokens" class="on"`) {
		t.Fatalf("tokens page: %d\n%s", code, body)
	}
	create := func(name string) (int, string) {
		res, body := postForm(t, c, srv.URL+"/tokens", url.Values{"csrf": {csrf}, "name": {name}})
		return res.StatusCode, body
	}
	if res, _ := postForm(t, c, srv.URL+"/tokens", url.Values{"name": {"crm-sync"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("create without CSRF: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		name   string
		status int
		says   string
	}{
		{"  ", http.StatusBadRequest, "name: is empty"},
		{"Test", http.StatusConflict, "is already named &#34;test&#34;: choose another name, or revoke that token first"},
		{strings.Repeat("x", 101), http.StatusBadRequest, "at most 100"},
	} {
		code, body := create(tc.name)
		if code != tc.status || !strings.Contains(body, "Not created: ") || !strings.Contains(body, tc.says) ||
			(strings.TrimSpace(tc.name) != "" && !strings.Contains(body, `value="`+tc.name+`"`)) || strings.Contains(body, `<code class="token">`) {
			t.Errorf("create %q: %d, want %d saying %q with the name as typed\n%s", tc.name, code, tc.status, tc.says, body)
		}
	}

	code, body = create("crm-sync")
	token := shownSecret(body)
	if code != http.StatusCreated || !strings.HasPrefix(token, "plt_") || !strings.Contains(body, "shown only this once") {
		t.Fatalf("create: %d\n%s", code, body)
	}
	if got := api(token); got != http.StatusOK {
		t.Fatalf("the API answers the new token %d", got)
	}
	_, list := get(t, c, srv.URL+"/tokens")
	m := regexpFind(`<tr data-token="(\d+)">\s*<td>\d+</td><td>admin</td><td>crm-sync</td>`, list)
	if m == "" || strings.Contains(list, token) {
		t.Fatalf("the list after creating (it must never show the token again):\n%s", list)
	}

	// An id that never existed is said as such: it used to read "Token 99 is not live:
	// it was revoked already". (A token revoked before is the store's ECONFLICT, which
	// says when; this fixture's users keep no revoked tokens.)
	for _, tt := range []struct{ id, want string }{{m, "Revoked token " + m}, {"99", "No token has id 99"}} {
		res, _ := postForm(t, c, srv.URL+"/tokens/"+tt.id+"/revoke", url.Values{"csrf": {csrf}})
		if _, body := get(t, c, srv.URL+res.Header.Get("Location")); res.StatusCode != http.StatusSeeOther || !strings.Contains(body, tt.want) || strings.Contains(body, "revoked already") {
			t.Fatalf("revoke %s: %d, page without %q:\n%s", tt.id, res.StatusCode, tt.want, body)
		}
	}
	if got := api(token); got != http.StatusUnauthorized {
		t.Fatalf("the API answers a revoked token %d", got)
	}
	if got := api(apitest.Token); got != http.StatusOK {
		t.Fatalf("revoking one token ended another: %d", got)
	}
	if res, body := postForm(t, c, srv.URL+"/tokens/abc/revoke", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "not a token id") {
		t.Fatalf("a bad id: %d\n%s", res.StatusCode, body)
	}
}

// regexpFind is the first group of pattern's first match in s, "" when none.
func regexpFind(pattern, s string) string {
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}
