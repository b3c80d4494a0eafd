package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// Password checks run at most half the cores' worth at once, so logins with made-up
// names (each checked against the decoy hash, 100 ms of PBKDF2) cannot take every core:
// a login waits for a free check, and one whose caller gives up first is dropped
// without checking anything.
func TestPasswordChecksWaitTheirTurn(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	s, err := New(Deps{API: api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users}})
	if err != nil {
		t.Fatal(err)
	}
	if cap(s.checking) < 1 {
		t.Fatalf("room for %d checks at once", cap(s.checking))
	}
	for range cap(s.checking) { // every check busy
		s.checking <- struct{}{}
	}
	csrf := "login-token-for-the-test"
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	form := url.Values{"csrf": {csrf}, "user": {apitest.User}, "password": {apitest.Password}}
	req := httptest.NewRequestWithContext(ctx, "POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: loginCookie, Value: csrf})
	rec := httptest.NewRecorder()
	start := time.Now()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || time.Since(start) > 5*time.Second {
		t.Errorf("a login while every check is busy: %d after %v, want 503 once its caller gave up", rec.Code, time.Since(start))
	}
	for range cap(s.checking) {
		<-s.checking
	}
	req = httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: loginCookie, Value: csrf})
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("a login with the checks free: %d, want 303", rec.Code)
	}
}
