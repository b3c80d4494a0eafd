package limits

import (
	"time"

	"github.com/paceline/paceline"
)

// Pacer decides when one account may act. It holds the account's effective Config and
// the State replayed from its ledger; Decide is a pure function of both and the instant
// asked about, so repeated questions get the same answer and two processes that read the
// same ledger agree.
//
// A Pacer is not safe for concurrent use: one goroutine decides for one account.
type Pacer struct {
	cfg Config
	st  *State
	cal *calendar
	// near holds, per kind, where the last decision found the starts of its windows
	// in the executed actions (a week back, a day back, today, the week before
	// today's close), for countNear.
	near [kinds][4]int
	// gapKey and gap remember the jittered gap after the last action, which every
	// decision until the next action needs.
	gapKey gapKey
	gap    int64
	// memo is, per kind, the last "not before" answer, for the question that usually
	// follows it: the same request at exactly that instant (see Decide).
	memo [kinds]memo
	// confirm makes every search run the pass that confirms its answer, which
	// passHolds otherwise skips: tests compare the two.
	confirm bool
}

// memo is a "not before" answer and the state it was worked out from. It holds no
// pointer (the request's kind is the memo's index), so storing one costs the garbage
// collector nothing.
type memo struct {
	note        bool // the request's Note
	at          int64
	version     uint64
	kindVersion uint64 // State.kindVersion of the request's kind
	answers     uint64 // State.answers, for the kinds that read them (readsAnswers)
	conns       int
	valid       bool
	// answersFree: no constraint that reads answers pushed the search (see
	// Decision.answersFree), so new answers leave the memo standing as long as none of
	// those constraints applies at its instant (answersAllow).
	answersFree bool
}

// readsAnswers reports whether a decision about kind k reads the answers to invites
// and InMails: pending invites, the acceptance rate and the connections for invites,
// refunded credits for InMail.
func readsAnswers(k paceline.ActionKind) bool {
	return k == paceline.KindInvite || k == paceline.KindInMail
}

// memoHolds reports whether the memo of kind k answers req at n: nothing its decision
// reads has changed since, but for attempts of other kinds, and n still keeps the
// minimum gap after the last attempt of any kind. Answers to invites and InMails (and
// the connections an accept adds) are read only by the kinds that readsAnswers names,
// and by them only through the constraints answersAllow checks: when none of those
// pushed the search that made the memo, new answers leave it standing if none of them
// applies at n either.
func (p *Pacer) memoHolds(k int, req Request, n int64) bool {
	m, s := &p.memo[k], p.st
	if !m.valid || m.at != n || m.note != req.Note || m.version != s.version || m.kindVersion != s.kindVersion[k] {
		return false
	}
	if readsAnswers(req.Kind) && (m.answers != s.answers || m.conns != s.Connections) && !(m.answersFree && p.answersAllow(req.Kind, n)) {
		return false
	}
	return !s.hasLast || p.cfg.MinGap <= 0 || n >= s.last+p.gapAfterLast()
}

// answersAllow reports whether none of the constraints that read the answers to invites
// and InMails holds back kind k at n: the connection cap and the pending invites, the
// acceptance guard, InMail credits. They are DecideInto's checks before its search,
// which every other constraint of the search ignores.
func (p *Pacer) answersAllow(k paceline.ActionKind, n int64) bool {
	c, s := &p.cfg, p.st
	switch k {
	case paceline.KindInvite:
		if s.Connections >= c.ConnectionCap {
			return false
		}
		if g := c.Guards.MaxPending; g > 0 && s.pending.len() >= g {
			return false
		}
		if rate, latest, full := c.acceptanceRate(s); full && rate < c.Guards.MinAcceptance && latest+int64(c.Guards.AcceptancePause) > n {
			return false
		}
	case paceline.KindInMail:
		if bal, _ := c.inmailBalance(s, n); bal <= 0 {
			return false
		}
	}
	return true
}

// gapAfterLast is the jittered minimum gap after the state's last attempt, kept
// between decisions.
func (p *Pacer) gapAfterLast() int64 {
	c, s := &p.cfg, p.st
	if key := (gapKey{s.last, int64(c.MinGap), c.Seed}); key != p.gapKey || p.gap == 0 {
		p.gapKey, p.gap = key, c.gapAfter(s.last)
	}
	return p.gap
}

// gapKey is what the jittered gap depends on.
type gapKey struct {
	last, min int64
	seed      uint64
}

// New returns a Pacer for an account whose history starts at origin.
func New(cfg Config, origin time.Time) (*Pacer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st := NewState(origin)
	if g := cfg.Guards.MaxPending; g > 0 {
		// The pending invites never outgrow the guard: room for them up front saves
		// growing the table invite by invite.
		st.pending.reserve(g)
	}
	st.SeedConnections(cfg.Connections, cfg.ConnectionsAt)
	return &Pacer{cfg: cfg, st: st, cal: &calendar{sched: cfg.Schedule}}, nil
}

// Config returns the effective configuration.
func (p *Pacer) Config() *Config { return &p.cfg }

// State returns the replayed history.
func (p *Pacer) State() *State { return p.st }

// Record adds an action from the ledger.
func (p *Pacer) Record(a paceline.Action) { p.st.record(&a) }

// RecordAction is Record for a caller that holds the action, as a Ledger's
// RecordAction takes it: it reads *a without copying its 120 bytes, which the engine
// would otherwise do for every attempt. It keeps nothing that points into *a but its
// strings.
func (p *Pacer) RecordAction(a *paceline.Action) { p.st.record(a) }

// Observe adds an event.
func (p *Pacer) Observe(e paceline.Event) { p.st.Observe(e) }

// Request is what a caller wants to do.
type Request struct {
	Kind paceline.ActionKind
	// Note marks an invite with a personal note, which also needs the monthly note
	// quota on account types that have one.
	Note bool
}

// decider accumulates constraints for one decision: each constraint may push the
// candidate instant later. The binding reason is the constraint with the most push in
// total, where the wait for working hours that follows a push is credited to the
// constraint that caused it (a weekly cap that frees up on Saturday binds until Monday).
type decider struct {
	t     int64
	d     *Decision // the answer, filled in where the caller keeps it
	last  Reason
	best  Reason // the reason with the most push so far, the lowest on ties
	total [numReasons]int64
	// lastInfo holds the figures of last's latest push and bestInfo those of best's:
	// bind reads only the binding reason's, so the decider keeps two rather than one
	// per reason (every search starts with a zero decider, and those were 576 of its
	// bytes to clear).
	lastInfo, bestInfo reasonInfo
}

type reasonInfo struct {
	used, limit int
	factor      float64
	until       int64
	// thenHours: after this push the wait for working hours went on (and was credited
	// to it); dayOver: the push was to the next working day, the day's room being used.
	// Only the words of Explain read them.
	thenHours, dayOver bool
}

func (x *decider) push(to int64, r Reason, used, limit int, factor float64) {
	if to <= x.t {
		return
	}
	by := to - x.t
	x.t = to
	if r == ReasonOutsideHours && x.last != ReasonNone && x.last != ReasonOutsideHours {
		x.total[x.last] += by
		x.lastInfo.thenHours = true
		x.rank(x.last)
		return
	}
	x.last = r
	x.total[r] += by
	x.lastInfo = reasonInfo{used: used, limit: limit, factor: factor, until: to}
	x.rank(r)
}

// rank keeps best up to date after the total of r, which is last, grew: totals only
// grow, so only r can overtake the leader. When r leads, its figures are last's.
func (x *decider) rank(r Reason) {
	if t, b := x.total[r], x.total[x.best]; t > b || (t == b && r < x.best) {
		x.best = r
	}
	if x.best == r {
		x.bestInfo = x.lastInfo
	}
}

// bind fills the decision from the constraint that pushed furthest.
func (x *decider) bind() {
	best := x.best
	if best == ReasonNone {
		return
	}
	i := x.bestInfo
	x.d.Reason, x.d.Used, x.d.Cap, x.d.Factor = best, i.used, i.limit, i.factor
	x.d.Until = time.Unix(0, i.until).UTC()
	x.d.thenHours, x.d.dayOver = i.thenHours, i.dayOver
}

// dayOver marks the push just made as one to the next working day because the day's
// room is used (it says so rather than "until" that day's opening).
func (x *decider) dayOver() {
	x.lastInfo.dayOver = true
	if x.best == x.last {
		x.bestInfo.dayOver = true
	}
}

func (x *decider) never(r Reason, used, limit int) {
	x.d.Reason, x.d.Used, x.d.Cap = r, used, limit
	x.d.Allowed, x.d.At = false, time.Time{}
}

// Decide answers, for the account at now: may req happen now; if not, the earliest
// instant it may and the constraint that binds. It implements DESIGN.md §3: rolling
// weekly and daily caps, InMail credits and note quota, working time in the account's
// zone, minimum jittered gaps, the day's budget spread over the working window, warm-up,
// AIMD back-off, cooldowns and restrictions, invite health guards and the connection
// cap. It does not allocate.
func (p *Pacer) Decide(now time.Time, req Request) Decision {
	var d Decision
	p.DecideInto(&d, now, req)
	return d
}

// DecideInto is Decide for a caller that keeps the answer: it writes the Decision
// (120 bytes) into *d, replacing what d held, instead of returning a copy. The engine
// asks about two kinds an action, and keeps each answer where its status reads it.
func (p *Pacer) DecideInto(d *Decision, now time.Time, req Request) {
	c, s := &p.cfg, p.st
	n, k := now.UnixNano(), req.Kind.Index()
	if k >= 0 && p.memo[k].at == n && p.memoHolds(k, req, n) { // most questions are at another instant: no call
		// Asked again at the instant it last named, with nothing since that its
		// decision reads (memoHolds: attempts of other kinds only move the minimum
		// gap, which it checks): that instant satisfies every constraint (it is where
		// the search stopped, with nothing recorded after the question that found it),
		// so the answer is yes, as the search would find again
		// (TestDecideAtAnswerAllows).
		*d = Decision{Kind: req.Kind, loc: c.Schedule.Location, At: now, Allowed: true}
		return
	}
	*d = Decision{Kind: req.Kind, loc: c.Schedule.Location}
	x := decider{t: n, d: d}
	if !c.canDo(req.Kind, k) {
		// A LinkedIn kind on a mailbox (whatever its caps), an email from a LinkedIn
		// account, an InMail without credits...
		x.never(ReasonNotAvailable, 0, 0)
		return
	}
	switch req.Kind {
	case paceline.KindInvite:
		if s.Connections >= c.ConnectionCap {
			x.never(ReasonConnectionCap, s.Connections, c.ConnectionCap)
			return
		}
		if g := c.Guards.MaxPending; g > 0 && s.pending.len() >= g {
			x.never(ReasonPendingInvites, s.pending.len(), g)
			return
		}
	}
	if c.Weekly[k] == 0 || c.Daily[k] == 0 {
		x.never(ReasonWeeklyCap, 0, 0)
		return
	}

	// Constraints that do not depend on the candidate instant.
	if until, restricted := c.pauseFor(s, k, n); until > 0 {
		r := ReasonCooldown
		if restricted {
			r = ReasonRestricted
		}
		x.push(until, r, 0, 0, 0)
	}
	free := true // no constraint that reads answers pushed (Decision.answersFree)
	if req.Kind == paceline.KindInvite {
		if rate, latest, full := c.acceptanceRate(s); full && rate < c.Guards.MinAcceptance {
			if until := latest + int64(c.Guards.AcceptancePause); until > n {
				x.push(until, ReasonLowAcceptance, int(rate*100+0.5), int(c.Guards.MinAcceptance*100+0.5), 0)
				free = false
			}
		}
	}
	if req.Kind == paceline.KindInMail {
		if bal, renewal := c.inmailBalance(s, n); bal <= 0 {
			x.push(renewal, ReasonNoCredits, 0, c.InMailMonthly, 0)
			free = false
		}
	}
	if req.Kind == paceline.KindInvite && req.Note && c.NoteQuotaMonthly != Uncapped {
		from, next := c.monthStart(n)
		if used := countIn(s.notes, from-1, n); used >= c.NoteQuotaMonthly {
			x.d.NoteQuotaExhausted = true
			x.push(next, ReasonNoteQuota, used, c.NoteQuotaMonthly, 0)
		}
	}

	done := s.done[k]
	settled := false // the search stopped at an instant every constraint allows
	// Constraints that depend on the candidate instant: iterate to a fixed point. Each
	// step only moves the candidate later, never past an instant that satisfies every
	// constraint, so the answer is the earliest such instant: asking again at any time
	// before it gives the same answer.
	for i := 0; i < 64; i++ {
		t0 := x.t
		open, closeAt, ok := p.cal.nextOpen(x.t)
		if !ok {
			x.never(ReasonNoSchedule, 0, 0)
			return
		}
		x.push(open, ReasonOutsideHours, 0, 0, 0)
		if s.hasLast && c.MinGap > 0 {
			x.push(s.last+p.gapAfterLast(), ReasonMinGap, 0, 0, 0)
		}
		// Warm-up and back-off only loosen with time (until a new push-back), so the
		// caps are taken at the candidate, and a full window waits no longer than the
		// next loosening.
		warm, back := c.factorsFor(s, k, x.t)
		factor := warm * back
		loosen := c.looseningFor(s, k, x.t, warm, back)
		weekly := Uncapped
		upTo := countAtOrBefore(done, x.t) // every count below ends at the candidate
		if c.Weekly[k] != Uncapped {
			weekly = scaled(c.Weekly[k], c.Safety*factor)
			if x.capWindow(done, upTo, &p.near[k][0], week, weekly, scaled(c.Weekly[k], c.Safety), warm, back, loosen, ReasonWeeklyCap) {
				continue
			}
		}
		if c.Daily[k] != Uncapped {
			if x.capWindow(done, upTo, &p.near[k][1], int64(24*time.Hour), scaled(c.Daily[k], c.Safety*factor), scaled(c.Daily[k], c.Safety), warm, back, loosen, ReasonDailyCap) {
				continue
			}
		}
		budget := c.dayBudget(k, weekly, factor)
		day := p.cal.day(x.t)
		dayStart, dayEnd, dayOpen := day.start, day.end, day.open
		beforeToday := countNear(done, dayStart-1, &p.near[k][2])
		today := upTo - beforeToday
		reason, used, limit := ReasonDailyBudget, today, budget
		if weekly != Uncapped {
			// The rolling window that ends when today's working window closes still
			// holds the actions since then a week ago: today gets only the room they
			// leave, spread over the day, rather than hitting the cap mid-day (after a
			// spring DST change, last week's last hour is still in the window).
			inWindow := beforeToday - countNear(done, closeAt-week, &p.near[k][3])
			if room := weekly - inWindow; room < budget {
				budget = max(room, 0)
				reason, used, limit = ReasonWeeklyCap, inWindow+today, weekly
			}
		}
		if today >= budget {
			next := dayEnd
			if open, _, ok := p.cal.nextOpen(next); ok {
				next = open
			}
			to, from := sooner(next, loosen, x.t), x.t
			x.push(to, reason, used, limit, 0)
			if to == next && to > from {
				x.dayOver()
			}
			continue
		}
		spaced := c.spacedAfter(done, k, today, budget, dayStart, dayOpen, closeAt)
		at := x.t // where this pass took its counts, factors and day
		x.push(sooner(spaced, loosen, x.t), ReasonSpacing, today, budget, 0)
		if x.t == t0 || (!p.confirm && day.regular && day.working && closeAt == day.close && at >= day.open &&
			passHolds(s, at, x.t, closeAt, loosen)) {
			settled = true
			break
		}
	}
	if x.t == n {
		d.Allowed, d.At = true, now
		return
	}
	d.At, d.answersFree = time.Unix(0, x.t).UTC(), free
	x.bind()
	if settled && s.latest <= n {
		// Nothing recorded or observed lies after now: until something is, the
		// answer at x.t is yes.
		p.memo[k] = memo{note: req.Note, at: x.t, version: s.version, kindVersion: s.kindVersion[k], answers: s.answers,
			conns: s.Connections, valid: true, answersFree: free}
	}
}

// passHolds reports whether the candidate t, where a pass that took its counts, factors
// and day at the earlier instant at has left it, is already the fixed point, so that the
// pass that would only confirm it can be skipped. The caller checks that at lies in the
// working window of a regular day whose close the pass used; with t before that close,
// a pass at t finds the same window and pushes nothing. Nor does anything else push:
// nothing recorded or observed lies after at (no count grows, no push-back comes
// between at and t), warm-up and back-off do not loosen between them (the caps and the
// day's budget stay), the day is the same, and the spacing the pass worked out is at or
// before t. TestDecideAtAnswerAllows compares every answer with a Pacer that always
// runs the confirming pass.
func passHolds(s *State, at, t, closeAt, loosen int64) bool {
	return s.latest <= at && t < closeAt && (loosen <= at || loosen > t)
}

// capWindow applies a rolling cap of limit executed actions per span at the candidate:
// if the window ending there is full, the candidate moves to when the oldest action that
// keeps it full leaves the window, or to the next loosening of the cap if sooner. nominal
// is the cap before warm-up and back-off, to tell which of them binds; upTo is how many
// actions lie at or before the candidate, near the hint for where the window starts
// (countNear). It reports whether it moved the candidate.
func (x *decider) capWindow(done []int64, upTo int, near *int, span int64, limit, nominal int, warm, back float64, loosen int64, r Reason) bool {
	used := upTo - countNear(done, x.t-span, near)
	if used < limit {
		return false
	}
	// The window (t-span, t] holds fewer than limit actions once t >= the limit-th
	// most recent action + span.
	free := sooner(done[len(done)-limit]+span, loosen, x.t)
	switch {
	case limit < nominal && warm < 1:
		x.push(free, ReasonWarmup, used, limit, warm)
	case limit < nominal:
		x.push(free, ReasonBackoff, used, limit, back)
	default:
		x.push(free, r, used, limit, 0)
	}
	return true
}

// sooner returns to, or the loosening instant when it comes first after t: a budget
// that depends on warm-up or back-off must be looked at again once they loosen.
func sooner(to, loosen, t int64) int64 {
	if loosen > t && loosen < to {
		return loosen
	}
	return to
}

// dayBudget is how many actions of kind k the account spreads over one working day: the
// effective weekly cap over the working days (rounded up: the rolling cap still binds),
// or the scaled daily target of an uncapped kind, and never above a hard daily cap.
func (c *Config) dayBudget(k, weekly int, factor float64) int {
	var b int
	if weekly != Uncapped {
		days := c.Schedule.Days.Count()
		b = weekly / days
		if weekly%days != 0 {
			b++ // rounded up without adding first, which overflows on a huge cap
		}
	} else {
		b = scaled(c.DailyTarget[k], c.Safety*factor)
	}
	if d := c.Daily[k]; d != Uncapped {
		b = min(b, scaled(d, c.Safety*factor))
	}
	return b
}

// gapAfter is the jittered minimum gap after an action at last: between MinGap and 1.5
// MinGap, so consecutive actions never fall into a fixed rhythm.
func (c *Config) gapAfter(last int64) int64 {
	u := unit(c.Seed, uint64(last))
	// A stored gap over paceline.MaxMinGap (accounts refuse one now) is read as the
	// most: a gap of years overflowed the clock, and actions came minutes apart.
	return int64(float64(min(c.MinGap, paceline.MaxMinGap)) * (1 + 0.5*u))
}

// spacedAfter spreads the rest of the day's budget over the rest of the working window:
// the next action of kind k comes a jittered (0.6–1.4) share of the remaining time after
// the previous one today, or after the window opens. The share leaves one slot of margin
// at the end of the day so jitter never pushes the last action out of the window.
func (c *Config) spacedAfter(done []int64, k, today, budget int, dayStart, dayOpen, closeAt int64) int64 {
	// From the start of working hours today (the candidate itself may be later in the
	// day), or from the previous action of the kind today.
	from, first := dayOpen, true
	if len(done) > 0 && done[len(done)-1] >= dayStart {
		from, first = done[len(done)-1], false
	}
	left := budget - today
	share := float64(closeAt-from) / (float64(left) + 1)
	// Never faster than catchUp times the even pace of a whole day: an account that
	// starts late in the day, or fell behind, sends fewer instead of a burst.
	if even := float64(closeAt-dayOpen) / (float64(budget) + 1) / catchUp; share < even {
		share = even
	}
	j := 0.6 + 0.8*unit(c.Seed^uint64(k+1)*0x9e3779b97f4a7c15, uint64(from))
	if first {
		j *= 0.5
	}
	return from + int64(share*j)
}

// catchUp bounds how much faster than the even pace of a day the Pacer may go to use a
// day's budget after falling behind.
const catchUp = 1.6

// unit maps (seed, x) to a uniform number in [0, 1) with splitmix64: the Pacer's only
// source of randomness, so its answers are reproducible from the seed.
func unit(seed, x uint64) float64 {
	z := seed + x*0x9e3779b97f4a7c15 + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// HastensAnswer is Hastens for an answer d the Pacer gave about kind k: an answer to an
// invite or an InMail cannot bring forward a "not before" answer that no constraint
// reading those answers pushed (the search's other constraints ignore them, and the
// ones that read them can only hold it back further), so an engine keeps such an
// answer rather than asking again at the event's instant for the same one. A wait for
// the monthly note quota is not kept: it holds only an invite with a note, and an answer
// may change which invite asks next (a decline can pause the campaign whose noted
// invite heads the queue, and a plain invite of another campaign may go at once).
func (p *Pacer) HastensAnswer(e paceline.Event, k paceline.ActionKind, d *Decision) bool {
	return (!d.answersFree || d.NoteQuotaExhausted) && p.Hastens(e, k)
}

// Hastens reports whether the event may let an action of kind k happen sooner than the
// Pacer said before hearing it. An answer to an invite frees a pending place, moves the
// acceptance rate and may return an InMail credit; a reply may return a credit. Nothing
// else the Pacer hears brings any kind forward (push-backs only slow it down), so an
// engine that caches the Pacer's "not before" answers may keep them for other kinds.
func (p *Pacer) Hastens(e paceline.Event, k paceline.ActionKind) bool {
	switch e.Type {
	case paceline.EventAccepted, paceline.EventDeclined, paceline.EventWithdrawn:
		return k == paceline.KindInvite || k == paceline.KindInMail
	case paceline.EventReplied:
		return k == paceline.KindInMail
	}
	return false
}
