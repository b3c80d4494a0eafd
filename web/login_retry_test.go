package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/web"
)

// A login refused for too many failures answers 429 with Retry-After, in whole seconds
// within the throttle's window, as the page's "try again in" says: it had none.
func TestLoginLockoutSaysRetryAfter(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	for i := range web.MaxLoginFailures {
		if code, _ := login(t, c, srv.URL, "wrong guess "+strconv.Itoa(i)); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	_, page := get(t, c, srv.URL+"/login")
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("login page has no CSRF field: %s", page)
	}
	res, err := c.PostForm(srv.URL+"/login", url.Values{"csrf": {m[1]}, "user": {apitest.User}, "password": {apitest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	after, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != http.StatusTooManyRequests || err != nil || after < 1 || time.Duration(after)*time.Second > web.LoginWindow ||
		!strings.Contains(string(body), "try again in") {
		t.Errorf("lockout: %d, Retry-After %q; want 429 with 1 to %d seconds", res.StatusCode, res.Header.Get("Retry-After"), int(web.LoginWindow/time.Second))
	}
}

// Five wrong passwords from one address lock the name out there only: the real user
// from another address still logs in (QA locked admin out from anywhere). The test
// server is on loopback, so X-Forwarded-For stands for the addresses, as a proxy on
// the same host sets it.
func TestLoginLockoutIsPerAddress(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	try := func(from, password string) int {
		t.Helper()
		c := client(t)
		_, page := get(t, c, srv.URL+"/login")
		m := csrfField.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("login page has no CSRF field: %s", page)
		}
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader(url.Values{"csrf": {m[1]}, "user": {apitest.User}, "password": {password}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", from)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for i := range web.MaxLoginFailures {
		if code := try("203.0.113.9", "wrong guess "+strconv.Itoa(i)); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	if code := try("203.0.113.9", apitest.Password); code != http.StatusTooManyRequests {
		t.Errorf("the guesser's address with the right password: %d, want 429", code)
	}
	if code := try("192.0.2.1", apitest.Password); code != http.StatusSeeOther {
		t.Errorf("the real user from another address: %d, want 303", code)
	}
}
