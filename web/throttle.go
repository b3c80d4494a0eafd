package web

import (
	"crypto/sha256"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// loginThrottle slows password guessing: after MaxLoginFailures failed logins for one
// user name from one client address within LoginWindow, that name is refused to that
// address until the oldest failure leaves the window. It counted per name alone, so
// anyone could lock the admin out with five wrong passwords; now the admin from
// another address still logs in. It lives in memory: a restart forgets it (and so
// lifts every lockout), which costs a guesser a restart per few tries; the PBKDF2 work
// factor bounds the rate in any case.
type loginThrottle struct {
	mu sync.Mutex
	// failures is keyed by the SHA-256 of the address and the name: a login form
	// carries names of up to 16 KB, and ten thousand of those kept as they are would be
	// 160 MB.
	failures map[loginKey][]time.Time
}

type loginKey [sha256.Size]byte

// keyOf is the key of a name tried from an address. The NUL between them keeps
// ("1.2.3.4", "5x") apart from ("1.2.3.45", "x").
func keyOf(addr, name string) loginKey { return sha256.Sum256([]byte(addr + "\x00" + name)) }

// Login throttling limits.
const (
	MaxLoginFailures = 5
	LoginWindow      = 15 * time.Minute
	maxThrottled     = 10_000 // past this many keys, a failure first forgets those with no recent failure
)

// wait returns how long the name must wait before another attempt from addr, 0 when
// it may try.
func (t *loginThrottle) wait(addr, name string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recent(keyOf(addr, name), now)
	if len(recent) < MaxLoginFailures {
		return 0
	}
	return recent[0].Add(LoginWindow).Sub(now)
}

// fail notes a failed attempt.
func (t *loginThrottle) fail(addr, name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[loginKey][]time.Time{}
	}
	if len(t.failures) >= maxThrottled {
		for k := range t.failures {
			if len(t.recent(k, now)) == 0 {
				delete(t.failures, k)
			}
		}
	}
	k := keyOf(addr, name)
	t.failures[k] = append(t.recent(k, now), now)
}

// succeed forgets the name's failures from addr; those from other addresses stay,
// or a guesser's count would restart each time the real user logged in.
func (t *loginThrottle) succeed(addr, name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, keyOf(addr, name))
}

// recent returns the key's failures inside the window; the caller holds mu.
func (t *loginThrottle) recent(k loginKey, now time.Time) []time.Time {
	list := t.failures[k]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= LoginWindow {
		i++
	}
	return list[i:]
}

// clientAddr is the address a login is counted against: the connection's peer, or,
// when the peer is this host (a reverse proxy such as Caddy or nginx in front of
// paceline on the same machine), the last address of X-Forwarded-For, the one that
// proxy added. Earlier entries are not taken: a client can write any it likes. Without
// the header, everyone behind a local proxy shares one address and a lockout is again
// per name: the proxy must set X-Forwarded-For (docs/api.md).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !peer.IsLoopback() {
		return host
	}
	fwd := r.Header.Values("X-Forwarded-For")
	if len(fwd) == 0 {
		return host
	}
	list := fwd[len(fwd)-1]
	last := strings.TrimSpace(list[strings.LastIndexByte(list, ',')+1:])
	if a, err := netip.ParseAddr(last); err == nil {
		return a.String()
	}
	return host
}
