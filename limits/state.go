package limits

import (
	"time"

	"github.com/paceline/paceline"
)

// keepDone is how long executed actions stay in the per-kind windows: the 7-day window
// plus a day, so "today" and "this week" can always be counted.
const keepDone = 8 * 24 * time.Hour

// keepNotes covers the longest calendar month plus a day.
const keepNotes = 32 * 24 * time.Hour

// inmailRefundWindow is how long after an InMail an answer still returns its credit.
const inmailRefundWindow = 90 * 24 * time.Hour

// maxResolved bounds the remembered invite resolutions for the acceptance guard.
const maxResolved = 512

// pushback is a warning, limit notice or restriction from the platform.
type pushback struct {
	at         int64
	kind       int // action kind index, -1 = every kind
	restricted bool
	until      int64 // end of a restriction
}

// resolution is how one invite ended: accepted, or declined/withdrawn.
type resolution struct {
	at       int64
	accepted bool
	// upTo counts the accepted invites among the resolutions up to this one since the
	// state began, so the acceptance rate over any window is one subtraction.
	upTo uint32
}

// creditOp is one InMail credit spent (-1) or refunded (+1).
type creditOp struct {
	at    int64
	delta int
}

// State is what the Pacer knows of one account's past: executed actions per kind,
// notes, InMail credits, the platform's push-backs and the health of its invites. It
// is rebuilt from the durable ledger and events (Record, Observe), never kept only in
// memory, so every process that reads the same ledger decides the same way.
type State struct {
	origin  int64
	done    [kinds][]int64 // executed actions per kind, unix nanoseconds, ascending
	notes   []int64        // executed invites with a personal note
	last    int64          // last attempted action of any kind and result
	hasLast bool

	credits   []creditOp
	inmailTo  map[string]int64 // lead -> time of our latest InMail to them
	pushbacks []pushback

	pending  leadTimes    // lead -> when the pending invite was sent
	resolved []resolution // invite resolutions, oldest first (see recentResolved)

	// The Pacer's memo of an answer holds only while these say that nothing its kind's
	// decision reads has changed (see Pacer.Decide): version counts the changes every
	// kind reads (push-backs, pruning), kindVersion the executed actions of each kind,
	// answers the answers to invites and InMails and the withdrawals (which only
	// invite and InMail decisions read); latest is the latest instant of anything
	// recorded or observed. The last attempt, which every kind's gap follows, is last.
	version     uint64
	kindVersion [kinds]uint64
	answers     uint64
	latest      int64

	// Connections is the account's number of first-degree connections: the known
	// count it was seeded with (SeedConnections) plus the acceptances since.
	Connections int
	// connectionsAt is when the seeded count was true: acceptances up to it are in
	// the count already. hasConnectionsAt is false when no count was seeded.
	connectionsAt    int64
	hasConnectionsAt bool
}

// SeedConnections starts the count of connections from n, known to be true at at:
// only acceptances after at add to it (an imported archive's own acceptances are in
// n already). A zero at seeds nothing.
func (s *State) SeedConnections(n int, at time.Time) {
	if at.IsZero() {
		return
	}
	s.Connections, s.connectionsAt, s.hasConnectionsAt = n, at.UnixNano(), true
}

// NewState returns an empty state whose history starts at origin (the point from which
// InMail credits are counted: the first month is granted its monthly credits).
func NewState(origin time.Time) *State {
	return &State{
		origin:   origin.UnixNano(),
		inmailTo: map[string]int64{},
	}
}

// insertSorted appends x to a sorted slice, keeping it sorted (the ledger arrives in
// time order, so this is nearly always an append).
func insertSorted(s []int64, x int64) []int64 {
	if len(s) == 0 || s[len(s)-1] <= x {
		return append(s, x) // the common case, without a copy of nothing
	}
	i := len(s)
	for i > 0 && s[i-1] > x {
		i--
	}
	s = append(s, 0)
	copy(s[i+1:], s[i:])
	s[i] = x
	return s
}

// Record adds an action from the ledger. Only executed (done) actions use allowance;
// every attempt counts for the minimum gap.
func (s *State) Record(a paceline.Action) { s.record(&a) }

// record is Record without a copy of the action (120 bytes) for each call on the way.
func (s *State) record(a *paceline.Action) {
	at := a.At.UnixNano()
	s.latest = max(s.latest, at)
	if !s.hasLast || at > s.last {
		s.last, s.hasLast = at, true
	}
	k := a.Kind.Index()
	if k < 0 || a.Result != paceline.ResultDone {
		return
	}
	s.kindVersion[k]++
	if a.Kind == paceline.KindWithdraw {
		s.answers++ // a pending invite fewer, and an answer for the acceptance rate
	}
	s.done[k] = insertSorted(s.done[k], at)
	switch a.Kind {
	case paceline.KindInvite:
		if a.WithNote {
			s.notes = insertSorted(s.notes, at)
		}
		if a.Lead != "" {
			s.pending.set(a.Lead, at)
		}
	case paceline.KindWithdraw:
		if s.pending.remove(a.Lead) {
			s.resolve(at, false)
		}
	case paceline.KindInMail:
		s.addCredit(at, -1)
		if a.Lead != "" {
			s.inmailTo[a.Lead] = at
		}
	}
}

// Observe adds an event: lead answers move invites and InMail credits; platform
// push-backs feed the back-off.
func (s *State) Observe(e paceline.Event) {
	at := e.At.UnixNano()
	s.latest = max(s.latest, at)
	switch e.Type {
	case paceline.EventAccepted, paceline.EventDeclined, paceline.EventWithdrawn, paceline.EventReplied:
		s.answers++
	case paceline.EventWarning, paceline.EventLimitHit, paceline.EventRestricted:
		s.version++
	}
	switch e.Type {
	case paceline.EventAccepted, paceline.EventDeclined, paceline.EventWithdrawn:
		if e.Lead != "" && s.pending.remove(e.Lead) {
			s.resolve(at, e.Type == paceline.EventAccepted)
		}
		if e.Type == paceline.EventAccepted && (!s.hasConnectionsAt || at > s.connectionsAt) {
			s.Connections++
		}
		if e.Type != paceline.EventWithdrawn && AnswersInMail(e) {
			s.refundInMail(e.Lead, at)
		}
	case paceline.EventReplied:
		if AnswersInMail(e) {
			s.refundInMail(e.Lead, at)
		}
	case paceline.EventWarning, paceline.EventLimitHit:
		s.addPushback(pushback{at: at, kind: e.Kind.Index()})
	case paceline.EventRestricted:
		until := int64(0)
		if !e.Until.IsZero() {
			until = e.Until.UnixNano()
		}
		s.addPushback(pushback{at: at, kind: -1, restricted: true, until: until})
	}
}

// resolve notes how an invite ended. Only the last maxResolved count (recentResolved):
// the slice grows to twice that, then drops its older half at once, rather than
// shifting every entry along for each answer once it is full.
func (s *State) resolve(at int64, accepted bool) {
	if s.resolved == nil {
		s.resolved = make([]resolution, 0, 2*maxResolved) // its whole size at once, not doubling up to it
	}
	if len(s.resolved) == 2*maxResolved {
		s.resolved = s.resolved[:copy(s.resolved, s.resolved[maxResolved:])]
	}
	r := resolution{at: at, accepted: accepted}
	if n := len(s.resolved); n > 0 {
		r.upTo = s.resolved[n-1].upTo
	}
	if accepted {
		r.upTo++
	}
	s.resolved = append(s.resolved, r)
}

// recentResolved returns the last maxResolved invite resolutions, oldest first.
func (s *State) recentResolved() []resolution {
	if n := len(s.resolved); n > maxResolved {
		return s.resolved[n-maxResolved:]
	}
	return s.resolved
}

// AnswersInMail reports whether e can be the lead's response to an InMail, which
// LinkedIn refunds: an answer on LinkedIn. A reply to an email (Kind email) or the
// accept or decline of a connection invite (Kind invite) answers something else and
// gives no credit back; an answer of no kind (one posted without it) is taken as the
// InMail's. QA: a candidate's email reply gave the InMail back, and a recruiter seat
// planned a fourth InMail on a monthly allowance of three.
func AnswersInMail(e paceline.Event) bool {
	return e.Kind != paceline.KindEmail && e.Kind != paceline.KindInvite
}

func (s *State) refundInMail(lead string, at int64) {
	sent, ok := s.inmailTo[lead]
	if lead == "" || !ok || at < sent || at-sent > int64(inmailRefundWindow) {
		return
	}
	delete(s.inmailTo, lead)
	s.addCredit(at, +1)
}

func (s *State) addCredit(at int64, delta int) {
	i := len(s.credits)
	for i > 0 && s.credits[i-1].at > at {
		i--
	}
	s.credits = append(s.credits, creditOp{})
	copy(s.credits[i+1:], s.credits[i:])
	s.credits[i] = creditOp{at: at, delta: delta}
}

func (s *State) addPushback(p pushback) {
	i := len(s.pushbacks)
	for i > 0 && s.pushbacks[i-1].at > p.at {
		i--
	}
	s.pushbacks = append(s.pushbacks, pushback{})
	copy(s.pushbacks[i+1:], s.pushbacks[i:])
	s.pushbacks[i] = p
}

// Prune forgets executed actions and notes too old to matter at now, so a long-running
// account's state stays small. InMail credits and push-backs are kept (they are few).
func (s *State) Prune(now time.Time) {
	n := now.UnixNano()
	s.version++
	for k := range s.done {
		s.done[k] = dropBefore(s.done[k], n-int64(keepDone))
	}
	s.notes = dropBefore(s.notes, n-int64(keepNotes))
	for lead, at := range s.inmailTo {
		if n-at > int64(inmailRefundWindow) {
			delete(s.inmailTo, lead)
		}
	}
}

func dropBefore(s []int64, cut int64) []int64 {
	i := countAtOrBefore(s, cut-1)
	if i == 0 {
		return s
	}
	return append(s[:0], s[i:]...)
}

// Pending returns the number of invites awaiting an answer.
func (s *State) Pending() int { return s.pending.len() }

// PendingSince returns when the pending invite to lead was sent.
func (s *State) PendingSince(lead string) (time.Time, bool) {
	at, ok := s.pending.get(lead)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(0, at).UTC(), true
}

// countAtOrBefore returns how many elements of the ascending slice s are <= x.
func countAtOrBefore(s []int64, x int64) int {
	if len(s) == 0 || s[len(s)-1] <= x {
		return len(s) // the common question: everything up to now
	}
	lo, hi := 0, len(s)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s[mid] <= x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// countNear is countAtOrBefore(s, x) starting from *hint, the answer to the same
// question last time, and leaves the answer there. A Pacer asks about windows that
// move forward with the clock, so the answer is usually the hint or a step or two past
// it; a few steps either way are walked, anything further is a binary search.
func countNear(s []int64, x int64, hint *int) int {
	i := min(max(*hint, 0), len(s))
	const walk = 4
	switch {
	case i < len(s) && s[i] <= x:
		for n := 0; i < len(s) && s[i] <= x; n++ {
			if n == walk {
				i += countAtOrBefore(s[i:], x)
				break
			}
			i++
		}
	case i > 0 && s[i-1] > x:
		for n := 0; i > 0 && s[i-1] > x; n++ {
			if n == walk {
				i = countAtOrBefore(s[:i], x)
				break
			}
			i--
		}
	}
	*hint = i
	return i
}

// countIn returns how many elements of s lie in (from, to].
func countIn(s []int64, from, to int64) int {
	return countAtOrBefore(s, to) - countAtOrBefore(s, from)
}
