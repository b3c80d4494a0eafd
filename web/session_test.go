package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
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
	tries := 0
	try := func(name string) time.Duration {
		c := client(t)
		_, body := get(t, c, srv.URL+"/login")
		m := csrfField.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("login page has no CSRF field: %s", body)
		}
		// Each try comes from an address of its own (the server takes a loopback
		// peer's X-Forwarded-For), so that no name reaches the lockout.
		tries++
		form := url.Values{"csrf": {m[1]}, "user": {name}, "password": {"wrong password!"}}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/login", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("192.0.2.%d", tries))
		start := time.Now()
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		took := time.Since(start)
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("login as %s with a wrong password: %d", name, res.StatusCode)
		}
		return took
	}
	try("nobody") // the first unknown name makes the decoy hash
	// Under load one try can take several times another, and a burst of it can cover
	// a few tries in a row (the fastest of three for zoe, taken before any unknown name,
	// once came to 393 ms against 106 ms). So the tries alternate, each pair in the
	// other order from the last, and the medians are compared: a burst slows both
	// names alike, while an unknown name that skips the hash stays under a few ms in
	// nearly every pair.
	const pairs = 7
	var known, unknown []time.Duration
	for i := range pairs {
		if i%2 == 0 {
			known = append(known, try("zoe"))
			unknown = append(unknown, try("nobody-else"))
		} else {
			unknown = append(unknown, try("nobody-else"))
			known = append(known, try("zoe"))
		}
	}
	k, u := median(known), median(unknown)
	if u < k/3 {
		t.Errorf("a wrong password for zoe took %v (median of %v), an unknown name %v (median of %v): the time tells which names exist",
			k, known, u, unknown)
	}
}

// median returns the middle of an odd number of durations.
func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
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
