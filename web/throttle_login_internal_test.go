package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// tryLogin posts a login for apitest.User from addr straight to s and returns the
// answer.
func tryLogin(s *Server, addr, password string) *httptest.ResponseRecorder {
	return tryLoginCtx(context.Background(), s, addr, password)
}

// tryLoginCtx is tryLogin with the request's context.
func tryLoginCtx(ctx context.Context, s *Server, addr, password string) *httptest.ResponseRecorder {
	const csrf = "login-token-for-the-test"
	form := url.Values{"csrf": {csrf}, "user": {apitest.User}, "password": {password}}
	req := httptest.NewRequestWithContext(ctx, "POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: loginCookie, Value: csrf})
	req.RemoteAddr = net.JoinHostPort(addr, "40000")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func newLoginServer(t *testing.T) *Server {
	t.Helper()
	f := apitest.New(t)
	s, err := New(Deps{API: api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The review sent hundreds of wrong logins at once from one address: the lockout was
// checked before the ~100 ms password check and the failure noted after it, so all of
// them were checked. Now an attempt counts as it is let through. The password checks
// are held busy, so that every login is in flight at once whatever the machine's load:
// all but MaxLoginFailures are refused while the others wait for their check.
func TestConcurrentLoginsFromOneAddressStopAtTheLockout(t *testing.T) {
	t.Parallel()
	s := newLoginServer(t)
	for range cap(s.checking) { // every check busy
		s.checking <- struct{}{}
	}
	const tries = 4 * MaxLoginFailures
	codes := make(chan int, tries)
	for i := range tries {
		go func() { codes <- tryLogin(s, "203.0.113.9", "wrong guess "+strconv.Itoa(i)).Code }()
	}
	// Only for a failure: without the fix no answer comes until the checks are freed.
	giveUp := time.After(time.Minute)
	for i := range tries - MaxLoginFailures {
		select {
		case code := <-codes:
			if code != http.StatusTooManyRequests {
				t.Fatalf("answer %d while the checks are held: %d, want 429", i, code)
			}
		case <-giveUp:
			t.Fatalf("%d of %d concurrent logins refused, want %d: the others all went on to the password check",
				i, tries, tries-MaxLoginFailures)
		}
	}
	for range cap(s.checking) {
		<-s.checking
	}
	for range MaxLoginFailures {
		if code := <-codes; code != http.StatusUnauthorized {
			t.Errorf("a login let through: %d, want 401", code)
		}
	}
}

// Guesses at the name from many addresses use up its overall limit: a login from one
// of them is refused, with the right password too, and told that it is the name, not
// the address, that waits; the real user from a clean address still logs in.
func TestLoginGuessesFromManyAddressesAreCapped(t *testing.T) {
	t.Parallel()
	s := newLoginServer(t)
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	s.throttle.clock = func() time.Time { return now }
	for i := range MaxNameFailures {
		if wait, _ := s.throttle.attempt(fmt.Sprintf("2001:db8:%x::1", i), apitest.User, now); wait != 0 {
			t.Fatalf("guess %d refused: wait %v", i, wait)
		}
	}
	rec := tryLogin(s, "2001:db8:7::1", apitest.Password)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "900" ||
		!strings.Contains(rec.Body.String(), "from many addresses") {
		t.Errorf("a guesser's login after %d failures from many addresses: %d, Retry-After %q; want 429 for 900 s saying many addresses",
			MaxNameFailures, rec.Code, rec.Header().Get("Retry-After"))
	}
	if code := tryLogin(s, "192.0.2.1", apitest.Password).Code; code != http.StatusSeeOther {
		t.Errorf("the real user from a clean address: %d, want 303", code)
	}
}

// failingUsers is a user store whose UserPassword fails as a database under load does.
type failingUsers struct{ paceline.UserStore }

func (failingUsers) UserPassword(context.Context, string) (*paceline.User, string, error) {
	return nil, "", errors.New("database is locked")
}

// A login that ends in an error other than a wrong password, the client gone while
// other checks held the way or the database failing, is not counted: a real user
// under load is not a guesser.
func TestLoginsThatEndInAnErrorAreNotCounted(t *testing.T) {
	t.Parallel()
	s := newLoginServer(t)
	for range cap(s.checking) { // every check busy: the logins below wait until dropped
		s.checking <- struct{}{}
	}
	for i := range 2 * MaxLoginFailures {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if code := tryLoginCtx(ctx, s, "192.0.2.1", "wrong guess "+strconv.Itoa(i)).Code; code == http.StatusTooManyRequests {
			t.Fatalf("dropped login %d refused: the dropped ones were counted", i)
		}
	}
	for range cap(s.checking) {
		<-s.checking
	}
	f := apitest.New(t)
	broken, err := New(Deps{API: api.Deps{Accounts: f.Store, Leads: f.Store, Users: failingUsers{f.Users}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 * MaxLoginFailures {
		if code := tryLogin(broken, "192.0.2.1", apitest.Password).Code; code == http.StatusTooManyRequests {
			t.Fatalf("login %d on a failing database refused: the others were counted", i)
		}
	}
	for _, th := range []*loginThrottle{&s.throttle, &broken.throttle} {
		th.mu.Lock()
		n := len(th.byAddr) + len(th.byNet) + len(th.byName) + len(th.slow)
		th.mu.Unlock()
		if n != 0 {
			t.Errorf("%d keys counted after logins that ended in errors, want none", n)
		}
	}
}

// A wrong password from one address locks that address out; the real user from
// another logs in, and that login does not count against the name's overall limit.
func TestLoginFromAnotherAddressWhileOneIsLockedOut(t *testing.T) {
	t.Parallel()
	s := newLoginServer(t)
	for i := range MaxLoginFailures {
		if code := tryLogin(s, "2001:db8::9", "wrong guess "+strconv.Itoa(i)).Code; code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	if code := tryLogin(s, "2001:db8::10", apitest.Password).Code; code != http.StatusTooManyRequests {
		t.Errorf("another address of the guesser's /64 with the right password: %d, want 429", code)
	}
	if code := tryLogin(s, "192.0.2.1", apitest.Password).Code; code != http.StatusSeeOther {
		t.Errorf("the real user from another address: %d, want 303", code)
	}
	s.throttle.mu.Lock()
	left := len(s.throttle.byName[nameKey(apitest.User)])
	s.throttle.mu.Unlock()
	if left != MaxLoginFailures {
		t.Errorf("the name's overall count after the real login: %d, want the %d failures", left, MaxLoginFailures)
	}
}
