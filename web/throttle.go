package web

import (
	"crypto/sha256"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// loginThrottle slows password guessing. Two limits hold within LoginWindow: after
// MaxLoginFailures failed logins for one user name from one client address (an IPv6
// address by its /64: one host commonly holds a whole /64 and could otherwise try
// from a fresh address each time), that name is refused to that address; and after
// MaxNameFailures for the name from all addresses together, it is refused to every
// address, so that guessing from many addresses is capped too. The first limit alone
// let anyone with an IPv6 range guess without end; the second alone let one address
// lock the admin out (a few attacker addresses still can, for LoginWindow at most).
//
// An attempt is counted when it is let through, before its password is checked (see
// attempt), and a success takes it back: counting the failure after the ~100 ms check
// let hundreds of concurrent requests from one address past a lockout check that
// none of them had yet counted in.
//
// It lives in memory: a restart forgets it (and so lifts every lockout), which costs
// a guesser a restart per few tries; the PBKDF2 work factor bounds the rate in any
// case.
type loginThrottle struct {
	mu sync.Mutex
	// byAddr holds the times of attempts per address and name, byName per name. Both
	// are keyed by a SHA-256: a login form carries names of up to 16 KB, and ten
	// thousand of those kept as they are would be 160 MB.
	byAddr map[loginKey][]time.Time
	byName map[loginKey][]time.Time
}

type loginKey [sha256.Size]byte

// keyOf is the key of a name tried from an address group. The NUL between them keeps
// ("1.2.3.4", "5x") apart from ("1.2.3.45", "x").
func keyOf(addr, name string) loginKey {
	return sha256.Sum256([]byte(addrGroup(addr) + "\x00" + name))
}

// nameKey is the key of a name tried from any address.
func nameKey(name string) loginKey { return sha256.Sum256([]byte(name)) }

// addrGroup is the address a login counts against: an IPv4 address (also written as
// an IPv4-mapped IPv6 one) as it is, an IPv6 address by its /64 network.
func addrGroup(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if a = a.Unmap(); a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}

// Login throttling limits.
const (
	// MaxLoginFailures is how many failed logins for a name one address may make
	// within LoginWindow.
	MaxLoginFailures = 5
	// MaxNameFailures is how many failed logins for a name all addresses together may
	// make within LoginWindow.
	MaxNameFailures = 50
	// LoginWindow is how long a failed login counts.
	LoginWindow  = 15 * time.Minute
	maxThrottled = 10_000 // past this many keys, an attempt first forgets those with no recent one
)

// lockout says which limit refused a login.
type lockout int

const (
	lockedAddress lockout = iota + 1 // MaxLoginFailures from this address
	lockedName                       // MaxNameFailures from all addresses
)

// attempt lets a login for name from addr go on and counts it as failed at once, or
// refuses it: then it returns how long to wait and which limit refused it, and counts
// nothing. A login that succeeds calls succeed with the same now.
func (t *loginThrottle) attempt(addr, name string, now time.Time) (time.Duration, lockout) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ak, nk := keyOf(addr, name), nameKey(name)
	byAddr, byName := recent(t.byAddr[ak], now), recent(t.byName[nk], now)
	if len(byAddr) >= MaxLoginFailures {
		return byAddr[len(byAddr)-MaxLoginFailures].Add(LoginWindow).Sub(now), lockedAddress
	}
	if len(byName) >= MaxNameFailures {
		return byName[len(byName)-MaxNameFailures].Add(LoginWindow).Sub(now), lockedName
	}
	if t.byAddr == nil {
		t.byAddr, t.byName = map[loginKey][]time.Time{}, map[loginKey][]time.Time{}
	}
	if len(t.byAddr)+len(t.byName) >= maxThrottled {
		forgetOld(t.byAddr, now)
		forgetOld(t.byName, now)
	}
	t.byAddr[ak] = append(byAddr, now)
	t.byName[nk] = append(byName, now)
	return 0, 0
}

// succeed takes back the attempt made at now, and forgets the name's failures from
// addr; those from other addresses stay, or a guesser's count would restart each
// time the real user logged in.
func (t *loginThrottle) succeed(addr, name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byAddr, keyOf(addr, name))
	nk := nameKey(name)
	list := t.byName[nk]
	if i := slices.IndexFunc(list, now.Equal); i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	if len(list) == 0 {
		delete(t.byName, nk)
	} else {
		t.byName[nk] = list
	}
}

// recent returns the attempts of list inside the window; the caller holds mu.
func recent(list []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(list) && now.Sub(list[i]) >= LoginWindow {
		i++
	}
	return list[i:]
}

// forgetOld deletes the keys of m with no attempt inside the window.
func forgetOld(m map[loginKey][]time.Time, now time.Time) {
	for k, list := range m {
		if len(recent(list, now)) == 0 {
			delete(m, k)
		}
	}
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
