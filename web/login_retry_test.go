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
