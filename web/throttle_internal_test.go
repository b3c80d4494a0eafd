package web

import (
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
	long := strings.Repeat("n", 16<<10)
	for i := range MaxLoginFailures {
		if wait := th.wait(long, now); wait != 0 {
			t.Fatalf("failure %d: wait %v before the limit", i, wait)
		}
		th.fail(long, now)
	}
	if wait := th.wait(long, now); wait != LoginWindow {
		t.Errorf("after %d failures: wait %v, want %v", MaxLoginFailures, wait, LoginWindow)
	}
	if wait := th.wait(long[:len(long)-1], now); wait != 0 {
		t.Errorf("another name is throttled: wait %v", wait)
	}
	for k := range th.failures {
		if len(k) > 32 {
			t.Errorf("a key of %d bytes is kept for a name", len(k))
		}
	}
	th.succeed(long)
	if len(th.failures) != 0 {
		t.Errorf("a success left %d names", len(th.failures))
	}
}
