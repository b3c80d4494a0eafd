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

// loginThrottle slows password guessing. Within LoginWindow, for one user name:
//
//   - a client address (an IPv6 address by its /64: one host commonly holds a whole
//     /64) may fail MaxLoginFailures times; then it is refused;
//   - a network (an IPv6 address by its /48, the most one customer is commonly
//     given; an IPv4 address alone) may fail MaxLoginFailures times in the ordinary
//     way, whichever of its addresses it tries from: its /64s are otherwise fresh
//     addresses by the thousand;
//   - all networks together may fail MaxNameFailures times in the ordinary way.
//
// Past the second or third limit the name is not shut: an address with no failure of
// its own in the window may still try once per SlowLoginEvery per network (the slow
// lane), so that the real admin from a clean address gets in within a minute. Counting
// every /64 apart let ten /64s of one home /56 hold the admin out for good by sending
// 50 wrong logins every 15 minutes; now one network fills at most MaxLoginFailures of
// the name's 50, and a full name still lets clean addresses through. The cost: each
// network gets about LoginWindow/SlowLoginEvery more guesses per window, and a guesser
// with many IPv4 addresses one more per address.
//
// An attempt is counted when it is let through, before its password is checked (see
// attempt): counting the failure after the ~100 ms check let hundreds of concurrent
// requests from one address past a lockout check that none of them had yet counted
// in. A success takes it back (succeed), and so does a check that ends in an error
// other than a wrong password, a dropped request or a database error (takeBack), so
// that real users under load are not counted as guessers.
//
// It lives in memory: a restart forgets it (and so lifts every lockout), which costs
// a guesser a restart per few tries; the PBKDF2 work factor bounds the rate in any
// case.
type loginThrottle struct {
	mu sync.Mutex
	// clock is the time now; nil is the wall clock. Tests set it.
	clock func() time.Time
	// byAddr holds the times of attempts per address (/64) and name, byNet per
	// network (/48) and name, byName per name (ordinary attempts only), slow per
	// network and name (slow-lane attempts). All are keyed by a SHA-256: a login
	// form carries names of up to 16 KB, and ten thousand of those kept as they are
	// would be 160 MB.
	byAddr, byNet, byName, slow map[loginKey][]time.Time
}

type loginKey [sha256.Size]byte

// keyOf is the key of a name tried from an address group. The NUL between them keeps
// ("1.2.3.4", "5x") apart from ("1.2.3.45", "x").
func keyOf(group, name string) loginKey {
	return sha256.Sum256([]byte(group + "\x00" + name))
}

// nameKey is the key of a name tried from any address.
func nameKey(name string) loginKey { return sha256.Sum256([]byte(name)) }

// addrGroup is the address a login counts against: an IPv4 address (also written as
// an IPv4-mapped IPv6 one) as it is, an IPv6 address by its /64 network.
func addrGroup(addr string) string { return groupOf(addr, 64) }

// netGroup is the network a login counts against for the name's overall limit and
// the slow lane: an IPv4 address as it is, an IPv6 address by its /48.
func netGroup(addr string) string { return groupOf(addr, 48) }

func groupOf(addr string, bits int) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if a = a.Unmap(); a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(bits)
	if err != nil {
		return addr
	}
	return p.String()
}

// Login throttling limits.
const (
	// MaxLoginFailures is how many failed logins for a name one address, or one
	// network (an IPv6 /48), may make within LoginWindow.
	MaxLoginFailures = 5
	// MaxNameFailures is how many failed logins for a name all networks together may
	// make within LoginWindow before only the slow lane is left.
	MaxNameFailures = 50
	// LoginWindow is how long a failed login counts.
	LoginWindow = 15 * time.Minute
	// SlowLoginEvery is how often a network may try a name past the limits, from an
	// address with no failures of its own.
	SlowLoginEvery = time.Minute
	maxThrottled   = 10_000 // past this many keys, an attempt first forgets those with no recent one
)

// lockout says which limit refused a login.
type lockout int

const (
	lockedAddress lockout = iota + 1 // MaxLoginFailures from this address
	lockedNetwork                    // MaxLoginFailures from this address's /48
	lockedName                       // MaxNameFailures from all addresses
)

// now is the throttle's time.
func (t *loginThrottle) now() time.Time {
	if t.clock != nil {
		return t.clock()
	}
	return time.Now()
}

// attempt lets a login for name from addr go on and counts it as failed at once, or
// refuses it: then it returns how long until this address may try and which limit
// refused it, and counts nothing. A login that succeeds calls succeed with the same
// now; one whose check fails for another reason than a wrong password, takeBack.
func (t *loginThrottle) attempt(addr, name string, now time.Time) (time.Duration, lockout) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ak, gk, nk := keyOf(addrGroup(addr), name), keyOf(netGroup(addr), name), nameKey(name)
	own, network := recent(t.byAddr[ak], now, LoginWindow), recent(t.byNet[gk], now, LoginWindow)
	all, slow := recent(t.byName[nk], now, LoginWindow), recent(t.slow[gk], now, SlowLoginEvery)
	if len(own) >= MaxLoginFailures {
		return own[len(own)-MaxLoginFailures].Add(LoginWindow).Sub(now), lockedAddress
	}
	slowLane := len(network) >= MaxLoginFailures || len(all) >= MaxNameFailures
	if slowLane && (len(own) > 0 || len(slow) > 0) {
		return slowWait(own, network, all, slow, now)
	}
	if t.byAddr == nil {
		t.byAddr, t.byNet, t.byName, t.slow = map[loginKey][]time.Time{}, map[loginKey][]time.Time{},
			map[loginKey][]time.Time{}, map[loginKey][]time.Time{}
	}
	if len(t.byAddr)+len(t.byNet)+len(t.byName)+len(t.slow) >= maxThrottled {
		for _, m := range []map[loginKey][]time.Time{t.byAddr, t.byNet, t.byName, t.slow} {
			forgetOld(m, now)
		}
	}
	t.byAddr[ak] = append(own, now)
	t.byNet[gk] = append(network, now)
	if slowLane {
		t.slow[gk] = append(slow, now)
	} else {
		t.byName[nk] = append(all, now)
	}
	return 0, 0
}

// slowWait is how long a refused address waits for the ordinary lane to open (its
// network and the name under their limits) or the slow lane (no failure of its own,
// and a minute since its network's last slow try), whichever comes first.
func slowWait(own, network, all, slow []time.Time, now time.Time) (time.Duration, lockout) {
	ordinary := now
	if len(network) >= MaxLoginFailures {
		ordinary = later(ordinary, network[len(network)-MaxLoginFailures].Add(LoginWindow))
	}
	if len(all) >= MaxNameFailures {
		ordinary = later(ordinary, all[len(all)-MaxNameFailures].Add(LoginWindow))
	}
	lane := now
	if len(own) > 0 {
		lane = later(lane, own[len(own)-1].Add(LoginWindow))
	}
	if len(slow) > 0 {
		lane = later(lane, slow[len(slow)-1].Add(SlowLoginEvery))
	}
	lock := lockedNetwork
	if len(all) >= MaxNameFailures {
		lock = lockedName
	}
	if lane.Before(ordinary) {
		ordinary = lane
	}
	return ordinary.Sub(now), lock
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// succeed takes back the attempt made at now, and forgets the name's failures from
// addr; those from other addresses stay, or a guesser's count would restart each
// time the real user logged in.
func (t *loginThrottle) succeed(addr, name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.takeBackLocked(addr, name, now)
	delete(t.byAddr, keyOf(addrGroup(addr), name))
	if addrGroup(addr) == netGroup(addr) { // an IPv4 address is its own network
		delete(t.byNet, keyOf(netGroup(addr), name))
	}
}

// takeBack forgets the attempt made at now: its check ended in an error that says
// nothing of the password (the client went away, the database failed).
func (t *loginThrottle) takeBack(addr, name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.takeBackLocked(addr, name, now)
}

func (t *loginThrottle) takeBackLocked(addr, name string, now time.Time) {
	gk := keyOf(netGroup(addr), name)
	removeAt(t.byAddr, keyOf(addrGroup(addr), name), now)
	removeAt(t.byNet, gk, now)
	// An attempt went by one lane only; at the same instant, the slow one is likelier
	// (it is what a concurrent second attempt gets), and either is one guess.
	if !removeAt(t.slow, gk, now) {
		removeAt(t.byName, nameKey(name), now)
	}
}

// removeAt deletes one time equal to at from m[k], and the key when nothing is left;
// it says whether there was one.
func removeAt(m map[loginKey][]time.Time, k loginKey, at time.Time) bool {
	list := m[k]
	i := slices.IndexFunc(list, at.Equal)
	if i < 0 {
		return false
	}
	if list = slices.Delete(list, i, i+1); len(list) == 0 {
		delete(m, k)
	} else {
		m[k] = list
	}
	return true
}

// recent returns the attempts of list less than window old; the caller holds mu.
func recent(list []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(list) && now.Sub(list[i]) >= window {
		i++
	}
	return list[i:]
}

// forgetOld deletes the keys of m with no attempt inside the window.
func forgetOld(m map[loginKey][]time.Time, now time.Time) {
	for k, list := range m {
		if len(recent(list, now, LoginWindow)) == 0 {
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
