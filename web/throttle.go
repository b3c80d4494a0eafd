package web

import (
	"crypto/sha256"
	"sync"
	"time"
)

// loginThrottle slows password guessing: after MaxFailures failed logins for one user
// name within Window, that name is refused until the oldest failure leaves the window.
// It lives in memory: a restart forgets it, which costs a guesser a restart per few
// tries; the PBKDF2 work factor bounds the rate in any case.
type loginThrottle struct {
	mu sync.Mutex
	// failures is keyed by the SHA-256 of the name: a login form carries names of up
	// to 16 KB, and ten thousand of those kept as they are would be 160 MB.
	failures map[nameKey][]time.Time
}

type nameKey [sha256.Size]byte

func keyOf(name string) nameKey { return sha256.Sum256([]byte(name)) }

// Login throttling limits.
const (
	MaxLoginFailures = 5
	LoginWindow      = 15 * time.Minute
	maxThrottled     = 10_000 // past this many names, a failure first forgets those with no recent failure
)

// wait returns how long the name must wait before another attempt, 0 when it may try.
func (t *loginThrottle) wait(name string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recent(keyOf(name), now)
	if len(recent) < MaxLoginFailures {
		return 0
	}
	return recent[0].Add(LoginWindow).Sub(now)
}

// fail notes a failed attempt.
func (t *loginThrottle) fail(name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[nameKey][]time.Time{}
	}
	if len(t.failures) >= maxThrottled {
		for n := range t.failures {
			if len(t.recent(n, now)) == 0 {
				delete(t.failures, n)
			}
		}
	}
	k := keyOf(name)
	t.failures[k] = append(t.recent(k, now), now)
}

// succeed forgets the name's failures.
func (t *loginThrottle) succeed(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, keyOf(name))
}

// recent returns the name's failures inside the window; the caller holds mu.
func (t *loginThrottle) recent(k nameKey, now time.Time) []time.Time {
	list := t.failures[k]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= LoginWindow {
		i++
	}
	return list[i:]
}
