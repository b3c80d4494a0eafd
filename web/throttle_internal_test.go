package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The throttle keeps a fixed-size key per name, not the name: a login form carries
// names of up to 16 KB, so made-up long names used to cost their length each for the
// whole window. Throttling is unchanged: five failures lock the name out.
func TestThrottleKeepsNoNames(t *testing.T) {
	t.Parallel()
	var th loginThrottle
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	const addr = "192.0.2.1"
	long := strings.Repeat("n", 16<<10)
	for i := range MaxLoginFailures {
		if wait := th.wait(addr, long, now); wait != 0 {
			t.Fatalf("failure %d: wait %v before the limit", i, wait)
		}
		th.fail(addr, long, now)
	}
	if wait := th.wait(addr, long, now); wait != LoginWindow {
		t.Errorf("after %d failures: wait %v, want %v", MaxLoginFailures, wait, LoginWindow)
	}
	if wait := th.wait(addr, long[:len(long)-1], now); wait != 0 {
		t.Errorf("another name is throttled: wait %v", wait)
	}
	for k := range th.failures {
		if len(k) > 32 {
			t.Errorf("a key of %d bytes is kept for a name", len(k))
		}
	}
	th.succeed(addr, long)
	if len(th.failures) != 0 {
		t.Errorf("a success left %d names", len(th.failures))
	}
}

// Failures count per name and address: QA locked the admin out with five wrong
// passwords from anywhere. The name from another address may still try, and a success
// there leaves the guesser's count alone.
func TestThrottleIsPerAddress(t *testing.T) {
	t.Parallel()
	var th loginThrottle
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	for range MaxLoginFailures {
		th.fail("203.0.113.9", "admin", now)
	}
	if wait := th.wait("203.0.113.9", "admin", now); wait != LoginWindow {
		t.Errorf("the guesser's address: wait %v, want %v", wait, LoginWindow)
	}
	if wait := th.wait("192.0.2.1", "admin", now); wait != 0 {
		t.Errorf("the admin's address is locked out too: wait %v", wait)
	}
	th.succeed("192.0.2.1", "admin")
	if wait := th.wait("203.0.113.9", "admin", now.Add(time.Minute)); wait != LoginWindow-time.Minute {
		t.Errorf("the admin's login lifted the guesser's lockout: wait %v", wait)
	}
}

// The client address is the peer, or behind a proxy on this host the last address of
// X-Forwarded-For; a forwarded address from a remote peer, or one a client put first,
// is not believed.
func TestClientAddr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		remote string
		fwd    []string
		want   string
	}{
		{"203.0.113.9:5000", nil, "203.0.113.9"},
		{"203.0.113.9:5000", []string{"192.0.2.1"}, "203.0.113.9"},
		{"127.0.0.1:5000", nil, "127.0.0.1"},
		{"127.0.0.1:5000", []string{"192.0.2.1"}, "192.0.2.1"},
		{"[::1]:5000", []string{"10.0.0.1, 192.0.2.1"}, "192.0.2.1"},
		{"127.0.0.1:5000", []string{"10.0.0.1", "192.0.2.7"}, "192.0.2.7"},
		{"127.0.0.1:5000", []string{"2001:db8::1"}, "2001:db8::1"},
		{"127.0.0.1:5000", []string{"not an address"}, "127.0.0.1"},
	} {
		r := httptest.NewRequest("POST", "/login", nil)
		r.RemoteAddr = tc.remote
		for _, f := range tc.fwd {
			r.Header.Add("X-Forwarded-For", f)
		}
		if got := clientAddr(r); got != tc.want {
			t.Errorf("%s with %q: %q, want %q", tc.remote, tc.fwd, got, tc.want)
		}
	}
}

// The lockout says when to try again, as a wait and as a time.
func TestLockedOutSaysWhen(t *testing.T) {
	t.Parallel()
	msg := lockedOut(time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC), 90*time.Second)
	for _, want := range []string{"from your address", "try again in 1m30s", "at 14:01:30 UTC"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
}
