package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// A login with an unknown user name takes as long as one with a wrong password: it
// used to answer at once (1 ms against 100 ms for a real hash), which told a guesser
// which names exist.
func TestLoginTimeDoesNotTellNamesApart(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	hash, err := paceline.HashPassword("a real password here", paceline.PasswordIterations)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Users.CreateUser(t.Context(), "zoe", hash); err != nil {
		t.Fatal(err)
	}
	srv := serveFixture(t, f, nil)
	try := func(name string) time.Duration {
		c := client(t)
		_, body := get(t, c, srv.URL+"/login")
		m := csrfField.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("login page has no CSRF field: %s", body)
		}
		start := time.Now()
		res, _ := postForm(t, c, srv.URL+"/login", url.Values{"csrf": {m[1]}, "user": {name}, "password": {"wrong password!"}})
		took := time.Since(start)
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("login as %s with a wrong password: %d", name, res.StatusCode)
		}
		return took
	}
	try("nobody") // the first unknown name makes the decoy hash
	fastest := func(name string) time.Duration {
		best := try(name)
		for range 2 {
			best = min(best, try(name))
		}
		return best
	}
	known, unknown := fastest("zoe"), fastest("nobody-else")
	if unknown < known/3 {
		t.Errorf("a wrong password for zoe took %v, an unknown name %v: the time tells which names exist", known, unknown)
	}
}

// The post-login redirect stays on the site for the spellings a browser reads as
// another host: it drops tabs and newlines ("/\t/evil.example" is "//evil.example")
// and takes a backslash for a slash. The tab and newline forms used to pass.
func TestSafeNextRefusesWhatBrowsersReadAsAHost(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	for _, tt := range []struct{ next, want string }{
		{"/\t/evil.example/x", "/accounts"},
		{"/\n/evil.example/x", "/accounts"},
		{"/\r\n/evil.example", "/accounts"},
		{"/\\/evil.example", "/accounts"},
		{"/x/\\evil.example", "/accounts"},
		{"/leads?list=q1%2Fa&limit=20", "/leads?list=q1%2Fa&limit=20"},
	} {
		c := client(t)
		_, body := get(t, c, srv.URL+"/login")
		m := csrfField.FindStringSubmatch(body)
		res, _ := postForm(t, c, srv.URL+"/login", url.Values{"csrf": {m[1]}, "user": {apitest.User}, "password": {apitest.Password}, "next": {tt.next}})
		if loc := res.Header.Get("Location"); loc != tt.want {
			t.Errorf("login with next %q: redirect to %q, want %q", tt.next, loc, tt.want)
		}
		// Logged in, the login page sends the user on at once.
		res, err := c.Get(srv.URL + "/login?next=" + url.QueryEscape(tt.next))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != tt.want {
			t.Errorf("login page with next %q: redirect to %q, want %q", tt.next, loc, tt.want)
		}
	}
}
