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

// The first review's attack: guesses at admin from many addresses (an IPv6 range
// holds 2^64 of them) were never refused. The addresses of one /64 count as one, and
// past MaxNameFailures from all addresses together the name is refused to every
// address with failures of its own, until the oldest failure leaves the window; the
// real user's success is not counted, and the real user from a clean address still
// gets in by the slow lane.
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
	for i := range MaxNameFailures - MaxLoginFailures {
		at := now.Add(time.Duration(i) * time.Second)
		if wait, _ := th.attempt(fmt.Sprintf("198.51.100.%d", i), "admin", at); wait != 0 {
			t.Fatalf("failure %d of the name refused: wait %v", MaxLoginFailures+i, wait)
		}
	}
	later := now.Add(2 * time.Minute)
	wait, lock := th.attempt("198.51.100.7", "admin", later)
	if lock != lockedName || wait != LoginWindow-2*time.Minute {
		t.Errorf("a guesser's address once the name is used up: wait %v (limit %d), want %v for the name", wait, lock, LoginWindow-2*time.Minute)
	}
	if wait, _ := th.attempt("192.0.2.1", "zoe", later); wait != 0 {
		t.Errorf("another name is refused too: wait %v", wait)
	}
	if wait, _ := th.attempt("192.0.2.1", "admin", later); wait != 0 {
		t.Errorf("the real admin from a clean address is refused: wait %v", wait)
	}
	if wait, _ := th.attempt("198.51.100.7", "admin", now.Add(LoginWindow)); wait != 0 {
		t.Errorf("once the first failures left the window: wait %v", wait)
	}
}

// The second review's attack: every /64 counted apart at up to MaxLoginFailures, so
// ten /64s of one home /56 filled the name's MaxNameFailures and, sending 50 wrong
// logins every 15 minutes, held the admin out for good. A /48 now fills at most
// MaxLoginFailures of them, and past that its clean /64s get one try a minute: the
// admin from elsewhere is never refused, and the /56 guesses slowly.
func TestThrottleCountsANetworkOnce(t *testing.T) {
	t.Parallel()
	var th loginThrottle
	start := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	guesses, next := 0, 0
	for minute := range 2 * int(LoginWindow/time.Minute) {
		now := start.Add(time.Duration(minute) * time.Minute)
		for range MaxNameFailures {
			// A fresh /64 of 2001:db8:aa:bb00::/56 each time, 256 of them.
			addr := fmt.Sprintf("2001:db8:aa:bb%02x::1", next%256)
			next++
			if wait, lock := th.attempt(addr, "admin", now); wait == 0 {
				guesses++
			} else if lock != lockedNetwork {
				t.Fatalf("minute %d: the /56 refused by limit %d, want its network's", minute, lock)
			}
		}
		if wait, lock := th.attempt("2001:db8:cc::1", "admin", now); wait != 0 {
			t.Fatalf("minute %d: the real admin is refused for %v by limit %d", minute, wait, lock)
		}
		th.succeed("2001:db8:cc::1", "admin", now)
	}
	// MaxLoginFailures, then one a minute (the first in the first minute).
	if want := MaxLoginFailures + 2*int(LoginWindow/time.Minute); guesses != want {
		t.Errorf("guesses let through from one /56 in %v: %d, want %d", 2*LoginWindow, guesses, want)
	}
}

// Past the name's limit an address with no failures of its own gets in by the slow
// lane, one try a minute per network; an address with failures waits, and is told
// how long until the first lane that opens for it.
func TestThrottleSlowLane(t *testing.T) {
	t.Parallel()
	var th loginThrottle
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	for i := range MaxNameFailures {
		if wait, _ := th.attempt(fmt.Sprintf("2001:db8:%x::1", i), "admin", now); wait != 0 {
			t.Fatalf("guess %d refused: wait %v", i, wait)
		}
	}
	if wait, lock := th.attempt("2001:db8:0::1", "admin", now); wait != LoginWindow || lock != lockedName {
		t.Errorf("a guesser's address: wait %v (limit %d), want %v for the name", wait, lock, LoginWindow)
	}
	if wait, _ := th.attempt("2001:db8:ff:1::1", "admin", now); wait != 0 {
		t.Errorf("a clean address: wait %v, want the slow lane", wait)
	}
	half := now.Add(SlowLoginEvery / 2)
	if wait, lock := th.attempt("2001:db8:ff:2::1", "admin", half); wait != SlowLoginEvery/2 || lock != lockedName {
		t.Errorf("another clean /64 of that /48 half a minute on: wait %v (limit %d), want %v", wait, lock, SlowLoginEvery/2)
	}
	if wait, _ := th.attempt("198.51.100.1", "admin", half); wait != 0 {
		t.Errorf("a clean address of another network: wait %v, want the slow lane", wait)
	}
	if wait, _ := th.attempt("2001:db8:ff:2::1", "admin", now.Add(SlowLoginEvery)); wait != 0 {
		t.Errorf("the other /64 a minute on: wait %v, want the slow lane", wait)
	}
	// The slow try failed: that address now waits for the name like the others.
	if wait, _ := th.attempt("2001:db8:ff:1::1", "admin", now.Add(5*time.Minute)); wait != LoginWindow-5*time.Minute {
		t.Errorf("the address whose slow try failed: wait %v, want %v", wait, LoginWindow-5*time.Minute)
	}
}

// A check that ends in an error other than a wrong password (the client went away,
// the database failed) is taken back, on either lane: a real user under load is not
// counted as a guesser.
func TestThrottleTakesBackAnUnfinishedCheck(t *testing.T) {
	t.Parallel()
	var th loginThrottle
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	for i := range 3 * MaxLoginFailures {
		at := now.Add(time.Duration(i) * time.Second)
		if wait, _ := th.attempt("192.0.2.1", "admin", at); wait != 0 {
			t.Fatalf("attempt %d refused after the others were taken back: wait %v", i, wait)
		}
		th.takeBack("192.0.2.1", "admin", at)
	}
	for i := range MaxNameFailures {
		th.attempt(fmt.Sprintf("198.51.100.%d", i), "admin", now)
	}
	if wait, _ := th.attempt("192.0.2.1", "admin", now); wait != 0 {
		t.Fatalf("a clean address past the name's limit: wait %v, want the slow lane", wait)
	}
	th.takeBack("192.0.2.1", "admin", now)
	if wait, _ := th.attempt("192.0.2.1", "admin", now); wait != 0 {
		t.Errorf("the slow lane after its try was taken back: wait %v", wait)
	}
	th.mu.Lock()
	defer th.mu.Unlock()
	if n := len(th.byName[nameKey("admin")]); n != MaxNameFailures {
		t.Errorf("the name's count: %d, want the %d failures", n, MaxNameFailures)
	}
}

// An IPv6 address counts by its /64, and its network by its /48; an IPv4 one (or one
// mapped into IPv6) as it is.
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
	for in, want := range map[string]string{
		"192.0.2.1":            "192.0.2.1",
		"::ffff:192.0.2.1":     "192.0.2.1",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1::/48",
		"2001:db8:1:ff00::1":   "2001:db8:1::/48",
		"not an address":       "not an address",
	} {
		if got := netGroup(in); got != want {
			t.Errorf("netGroup(%q) = %q, want %q", in, got, want)
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
	if msg := lockedOut(time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC), 90*time.Second, lockedNetwork); !strings.Contains(msg, "from your network") {
		t.Errorf("a lockout of the network says %q", msg)
	}
}
