package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
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
		if wait, _ := th.attempt(addr, long, now); wait != 0 {
			t.Fatalf("failure %d: wait %v before the limit", i, wait)
		}
	}
	if wait, lock := th.attempt(addr, long, now); wait != LoginWindow || lock != lockedAddress {
		t.Errorf("after %d failures: wait %v (%d), want %v", MaxLoginFailures, wait, lock, LoginWindow)
	}
	if wait, _ := th.attempt(addr, long[:len(long)-1], now); wait != 0 {
		t.Errorf("another name is throttled: wait %v", wait)
	}
	th.succeed(addr, long[:len(long)-1], now)
	th.succeed(addr, long, now)
	if len(th.byAddr) != 0 || len(th.byName) != 1 {
		t.Errorf("the successes left %d address keys and %d name keys, want 0 and 1", len(th.byAddr), len(th.byName))
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
		th.attempt("203.0.113.9", "admin", now)
	}
	if wait, _ := th.attempt("203.0.113.9", "admin", now); wait != LoginWindow {
		t.Errorf("the guesser's address: wait %v, want %v", wait, LoginWindow)
	}
	if wait, _ := th.attempt("192.0.2.1", "admin", now); wait != 0 {
		t.Errorf("the admin's address is locked out too: wait %v", wait)
	}
	th.succeed("192.0.2.1", "admin", now)
	if wait, _ := th.attempt("203.0.113.9", "admin", now.Add(time.Minute)); wait != LoginWindow-time.Minute {
		t.Errorf("the admin's login lifted the guesser's lockout: wait %v", wait)
	}
}

// The review's attack: guesses at admin from many addresses (an IPv6 range holds
// 2^64 of them) were never refused. The addresses of one /64 count as one, and past
// MaxNameFailures from all addresses together the name is refused everywhere, until
// the oldest failure leaves the window; the real user's success is not counted.
func TestThrottleCapsGuessesFromManyAddresses(t *testing.T) {
	t.Parallel()
	var th loginThrottle
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	refused := 0
	for i := range 3 * MaxLoginFailures {
		if wait, lock := th.attempt(fmt.Sprintf("2001:db8:1:2::%x", i+1), "admin", now); wait > 0 {
			refused++
			if lock != lockedAddress {
				t.Errorf("an address of the same /64 refused by limit %d, want the address's", lock)
			}
		}
	}
	if refused != 2*MaxLoginFailures {
		t.Errorf("%d tries from one /64: %d refused, want %d", 3*MaxLoginFailures, refused, 2*MaxLoginFailures)
	}
	// The real admin logs in between: that try is not a failure.
	if wait, _ := th.attempt("192.0.2.1", "admin", now); wait != 0 {
		t.Fatalf("the real admin is refused: wait %v", wait)
	}
	th.succeed("192.0.2.1", "admin", now)
	let := MaxLoginFailures
	for i := range 2 * MaxNameFailures {
		at := now.Add(time.Duration(i) * time.Second)
		if wait, _ := th.attempt(fmt.Sprintf("198.51.100.%d", i), "admin", at); wait == 0 {
			let++
		}
	}
	if let != MaxNameFailures {
		t.Errorf("failures let through from many addresses: %d, want %d", let, MaxNameFailures)
	}
	later := now.Add(2 * time.Minute)
	wait, lock := th.attempt("192.0.2.1", "admin", later)
	if lock != lockedName || wait != LoginWindow-2*time.Minute {
		t.Errorf("a fresh address once the name is used up: wait %v (limit %d), want %v for the name", wait, lock, LoginWindow-2*time.Minute)
	}
	if wait, _ := th.attempt("192.0.2.1", "zoe", later); wait != 0 {
		t.Errorf("another name is refused too: wait %v", wait)
	}
	if wait, _ := th.attempt("192.0.2.1", "admin", now.Add(LoginWindow)); wait != 0 {
		t.Errorf("once the first failures left the window: wait %v", wait)
	}
}

// An IPv6 address counts by its /64, an IPv4 one (or one mapped into IPv6) as it is.
func TestAddrGroup(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"192.0.2.1":            "192.0.2.1",
		"::ffff:192.0.2.1":     "192.0.2.1",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2::9":      "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
		"not an address":       "not an address",
	} {
		if got := addrGroup(in); got != want {
			t.Errorf("addrGroup(%q) = %q, want %q", in, got, want)
		}
	}
}

// Concurrent attempts are counted as they are let through: of many at once from one
// address, only MaxLoginFailures go on to the password check.
func TestThrottleCountsAttemptsAsTheyStart(t *testing.T) {
	t.Parallel()
	var th loginThrottle
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	var let atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if wait, _ := th.attempt("203.0.113.9", "admin", now); wait == 0 {
				let.Add(1)
			}
		})
	}
	wg.Wait()
	if let.Load() != MaxLoginFailures {
		t.Errorf("%d of 50 concurrent attempts let through, want %d", let.Load(), MaxLoginFailures)
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
	msg := lockedOut(time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC), 90*time.Second, lockedAddress)
	for _, want := range []string{"from your address", "try again in 1m30s", "at 14:01:30 UTC"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	if msg := lockedOut(time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC), 90*time.Second, lockedName); !strings.Contains(msg, "from many addresses") {
		t.Errorf("a lockout of the name everywhere says %q", msg)
	}
}
