package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
)

const week = int64(7 * 24 * time.Hour)

// Salts name the independent questions asked about a lead (see uniform).
const (
	saltNoise uint64 = iota + 1
	saltAccept
	saltAcceptDelay
	saltReply
	saltReplyDelay
	saltBounce
	saltVariant
)

// The reply chances a message starts from, as indexes of LinkedIn.replyLogit.
const (
	replyFirst = iota
	replyFollowUp
	replyInMail
	replyEmail
)

// Seat is one simulated LinkedIn account.
type Seat struct {
	Name string
	Type paceline.AccountType
	// NoMailbox says the seat sends no email: its leads skip email steps, as those of
	// a LinkedIn account without a mailbox of its own do under serve. The zero value
	// models a seat with its own mailbox (MailPerDay).
	NoMailbox bool
	// Overrides are the seat's own caps, as a stored account's. The paceline strategy
	// paces the seat by them; the baselines and the platform's hidden limits ignore
	// them. Nil = the preset. A pointer, so that a Seat stays comparable.
	Overrides *Overrides
	// SenderName is the first name the seat's messages are signed with, as a stored
	// account's (paceline.Account.SenderName): templates read it as
	// {{sender_first_name}}. "" leaves the field blank, which holds a text that needs it.
	SenderName string
	// Limits is the seat's whole allowance and pacing, as a stored account's
	// (limits.ConfigFor: its caps, working days and hours in its own time zone, the
	// day it was opened for the warm-up). The paceline strategy paces the seat and
	// schedules its account by it in place of the preset of Type in Config.TimeZone
	// with Overrides; the run's Safety and seed still apply. The baselines and the
	// platform's hidden limits ignore it. Nil = the preset.
	Limits *limits.Config
	// History, when set, is replayed into the seat's Pacer before the run (paceline
	// strategy only); runs share it and never change it. Nil = a fresh account.
	History *History
}

// Interval is a span of virtual time [From, Until).
type Interval struct{ From, Until time.Time }

// account is the platform's view of one seat.
type account struct {
	Seat
	index      int32
	limit      [paceline.NumActionKinds]int // hidden true weekly limit; 0 = none
	done       [paceline.NumActionKinds]window
	hour       window // capped actions, for bursts
	notices    window
	restricted int64 // end of the current restriction
	// Restrictions lists every restriction, for utilization and reports.
	restrictions []Interval
	connections  int
}

// member is the platform's view of one lead. What the answers depend on is worked out
// once, when the platform is built, in the order acceptance and message add it up, so
// answering an action reads the member alone and never the lead.
type member struct {
	key   string
	h     uint64
	noise float64
	// accept is the log-odds of accepting a plain invite: the base, the lead's
	// seniority, noise, mutual connections and fit.
	accept float64
	// fit is the lead's fit term, FitLift × (score − 50) / 50.
	fit       float64
	hasEmail  bool
	invitedBy int32 // account index + 1 while an invite is pending
	invitedAt int64
	withdrew  int64 // when our last invite was withdrawn
	connected int32 // account index + 1 once connected
	messages  uint8
	answered  bool // a reply or opt-out is on its way: no second one
}

// LinkedIn is the simulated platform: an engine.Executor that carries out actions
// against hidden rules, and a source of the events that follow them in virtual time
// (NextEvent, PopEvent). It is deterministic for a given seed, seats and leads.
type LinkedIn struct {
	p        Params
	seed     uint64
	accounts []*account
	byName   map[string]*account
	members  []member
	lifts    map[variantKey]float64 // hidden lift of each step variant, drawn on first use
	index    map[string]int32       // lead key -> member; shared with other runs, read-only
	leads    *leadTable
	queue    eventQueue
	seq      int64
	// acceptBase is logit(p.AcceptBase), the log-odds every acceptance starts from.
	acceptBase float64
	// replyLogit holds the log-odds of the reply chances, by replyFirst...replyEmail.
	replyLogit [4]float64

	// byEnrollment maps an engine enrollment ID to its member index + 1, so the hot
	// path finds a lead by number (see member).
	byEnrollment []int32
	// senders maps an enrollment ID to the index + 1 of the account that sends for
	// it, learnt on its first action: accounts take turns, so the hot path would
	// otherwise look one up by name for nearly every action.
	senders []int32

	// Notices and Restrictions count the platform's push-backs so far.
	Notices      int
	Restrictions int
}

var _ engine.Executor = (*LinkedIn)(nil)

// NewLinkedIn builds the platform for the given seats and leads. Each seat's hidden
// limits and starting connections are drawn from rng; each lead's hidden propensity
// from the seed and the lead's key.
func NewLinkedIn(p Params, seed uint64, rng *rand.Rand, seats []Seat, leads []*paceline.Lead) (*LinkedIn, error) {
	return newLinkedIn(nil, p, seed, rng, seats, leads)
}

// newLinkedIn is NewLinkedIn built in the room of spare, a platform whose run is over,
// when it is not nil: its members, accounts with their windows, answer queue and
// tables by enrollment are emptied and taken over (spare itself is the result), so a
// forecast's next run does not allocate them again. Everything is overwritten or
// cleared, so nothing of the last run shows or stays reachable.
func newLinkedIn(spare *LinkedIn, p Params, seed uint64, rng *rand.Rand, seats []Seat, leads []*paceline.Lead) (*LinkedIn, error) {
	table := leadTableFor(leads)
	li := spare
	if li == nil {
		li = &LinkedIn{byName: map[string]*account{}}
	}
	old := li.accounts
	*li = LinkedIn{p: p, seed: seed, accounts: old[:0], byName: li.byName, members: li.members, lifts: li.lifts,
		index: table.index, leads: table, queue: li.queue[:0], acceptBase: logit(p.AcceptBase),
		byEnrollment: li.byEnrollment[:0], senders: li.senders[:0]}
	clear(li.byName)
	clear(li.lifts)
	if len(seats) < cap(old) {
		clear(old[len(seats):cap(old)]) // accounts beyond this run's: left to the collector
	}
	for i, s := range seats {
		cfg, err := limits.NewConfig(s.Type, time.UTC)
		if err != nil {
			return nil, err
		}
		var a *account
		if i < len(old) && old[i] != nil {
			a = old[i].reset(s, int32(i))
		} else {
			a = &account{Seat: s, index: int32(i)}
		}
		for _, k := range paceline.ActionKinds { // in a fixed order, each kind the preset caps
			if n := cfg.Weekly[k.Index()]; n != limits.Uncapped {
				a.limit[k.Index()] = int(float64(n) * (p.LimitLow + (p.LimitHigh-p.LimitLow)*rng.Float64()))
			}
		}
		a.connections = p.ConnectionsLow + rng.IntN(max(1, p.ConnectionsHigh-p.ConnectionsLow))
		li.accounts = append(li.accounts, a)
		li.byName[s.Name] = a
	}
	if cap(li.members) >= len(leads) {
		li.members = li.members[:len(leads)] // every member is overwritten below
	} else {
		li.members = make([]member, len(leads))
	}
	for i, l := range leads {
		h := table.hashes[i]
		m := member{key: table.keys[i], h: h, noise: p.Noise * normal(seed, h, saltNoise), hasEmail: l.Email != ""}
		m.fit = p.FitLift * float64(l.Score-50) / 50
		x := li.acceptBase + p.Seniority[l.Seniority] + m.noise
		x += p.MutualLift * math.Log1p(float64(l.MutualConnections))
		m.accept = x + m.fit
		li.members[i] = m
	}
	li.replyLogit = [...]float64{logit(p.ReplyFirst), logit(p.ReplyFollowUp), logit(p.ReplyInMail), logit(p.ReplyEmail)}
	return li, nil
}

// release empties the platform at the end of its run for newLinkedIn's next build:
// the members beyond the room a run uses and the whole of what it used are cleared,
// so the memory held between runs keeps no lead key, name or lead table alive.
func (li *LinkedIn) release() *LinkedIn {
	clear(li.members[:cap(li.members)])
	li.members = li.members[:0]
	for _, a := range li.accounts {
		a.reset(Seat{}, 0)
	}
	clear(li.byName)
	clear(li.lifts)
	li.index, li.leads = nil, nil
	li.p = Params{}
	return li
}

// reset empties the account for seat s at index i, keeping the room of its windows
// and restrictions, and returns it.
func (a *account) reset(s Seat, i int32) *account {
	done, restrictions := a.done, a.restrictions
	for k := range done {
		done[k].reset()
	}
	clear(restrictions)
	a.hour.reset()
	a.notices.reset()
	*a = account{Seat: s, index: i, done: done, hour: a.hour, notices: a.notices, restrictions: restrictions[:0]}
	return a
}

// Limit returns the hidden true weekly limit of an account and kind (0: none), for
// tests and reports.
func (li *LinkedIn) Limit(account string, k paceline.ActionKind) int {
	if a := li.byName[account]; a != nil {
		return a.limit[k.Index()]
	}
	return 0
}

// Restricted returns the account's restrictions so far.
func (li *LinkedIn) Restricted(account string) []Interval {
	if a := li.byName[account]; a != nil {
		return a.restrictions
	}
	return nil
}

// Execute carries out one action as LinkedIn would: refused with a "limit reached"
// notice when it would go over the hidden weekly limit, refused while the account is
// restricted, failed when it makes no sense (a message to someone not connected, an
// invite to someone already connected or withdrawn less than three weeks ago), done
// otherwise, with the lead's answers scheduled for later.
func (li *LinkedIn) Execute(_ context.Context, act paceline.Action) (engine.Outcome, error) {
	return li.execute(&act, 0, 0)
}

// execute carries out act; lift is the hidden log-odds lift of the text's variant,
// enrollment the engine's number for the lead's enrollment (0 if unknown).
func (li *LinkedIn) execute(act *paceline.Action, lift float64, enrollment int64) (engine.Outcome, error) {
	a := li.sender(act.Account, enrollment)
	if a == nil {
		return engine.Outcome{Result: paceline.ResultFailed}, nil
	}
	t := act.At.UnixNano()
	if t < a.restricted {
		return engine.Outcome{Result: paceline.ResultRefused}, nil
	}
	k := act.Kind.Index()
	if k < 0 {
		return engine.Outcome{Result: paceline.ResultFailed}, nil
	}
	if lim := a.limit[k]; lim > 0 && a.done[k].count(t-week) >= lim {
		return engine.Outcome{Result: paceline.ResultRefused, Events: li.notice(a, act)}, nil
	}
	mi, known := li.member(act.Lead, enrollment)
	var m *member
	if known {
		m = &li.members[mi]
	}
	switch act.Kind {
	case paceline.KindInvite:
		if m == nil || m.connected != 0 || m.invitedBy != 0 || (m.withdrew > 0 && t-m.withdrew < int64(li.p.ReinviteAfter)) {
			return engine.Outcome{Result: paceline.ResultFailed}, nil
		}
		li.invite(a, m, mi, t, act.WithNote, lift)
	case paceline.KindWithdraw:
		if m != nil && m.invitedBy == a.index+1 {
			m.invitedBy, m.withdrew = 0, t
		}
	case paceline.KindMessage:
		if m == nil || m.connected != a.index+1 {
			return engine.Outcome{Result: paceline.ResultFailed}, nil
		}
		base := li.replyLogit[replyFollowUp]
		if m.messages == 0 {
			base = li.replyLogit[replyFirst]
		}
		li.message(a, m, mi, t, base, lift)
	case paceline.KindInMail, paceline.KindOpenProfileMessage:
		if m == nil {
			return engine.Outcome{Result: paceline.ResultFailed}, nil
		}
		li.message(a, m, mi, t, li.replyLogit[replyInMail], lift)
	case paceline.KindEmail:
		if m == nil || !m.hasEmail {
			return engine.Outcome{Result: paceline.ResultFailed}, nil
		}
		if uniform(li.seed, m.h, saltBounce) < li.p.Bounce {
			li.schedule(pending{at: t + int64(5*time.Minute), typ: answerBounced, member: mi, account: a.index})
		} else {
			li.message(a, m, mi, t, li.replyLogit[replyEmail], lift)
		}
	}
	a.done[k].add(t)
	var events []paceline.Event
	if a.limit[k] > 0 {
		a.hour.add(t)
		if a.hour.count(t-int64(time.Hour)) > li.p.BurstPerHour {
			events = append(events, li.restrict(a, act.At))
		}
	}
	return engine.Outcome{Result: paceline.ResultDone, Events: events}, nil
}

// notice refuses an action over the limit; pushing on after repeated notices restricts
// the account.
func (li *LinkedIn) notice(a *account, act *paceline.Action) []paceline.Event {
	t := act.At.UnixNano()
	li.Notices++
	a.notices.add(t)
	events := []paceline.Event{{At: act.At, Account: a.Name, Type: paceline.EventLimitHit, Kind: act.Kind}}
	if a.notices.count(t-int64(li.p.NoticeWindow)) >= li.p.NoticesToRestrict {
		events = append(events, li.restrict(a, act.At))
	}
	return events
}

func (li *LinkedIn) restrict(a *account, at time.Time) paceline.Event {
	until := at.Add(li.p.Restriction)
	a.restricted = until.UnixNano()
	a.restrictions = append(a.restrictions, Interval{From: at, Until: until})
	a.notices.reset()
	a.hour.reset()
	li.Restrictions++
	return paceline.Event{At: at, Account: a.Name, Type: paceline.EventRestricted, Until: until}
}

// invite decides whether and when the lead accepts.
func (li *LinkedIn) invite(a *account, m *member, mi int32, t int64, note bool, lift float64) {
	m.invitedBy, m.invitedAt, m.withdrew = a.index+1, t, 0
	if uniform(li.seed, m.h, saltAccept) >= li.acceptance(m, note, lift) {
		return // ignored: LinkedIn tells the sender nothing
	}
	delay := lognormal(li.p.AcceptMedian, li.p.AcceptSigma, normal(li.seed, m.h, saltAcceptDelay))
	li.schedule(pending{at: t + delay, typ: answerAccepted, member: mi, account: a.index, tag: t})
}

// acceptance is the probability that the lead accepts an invite.
func (li *LinkedIn) acceptance(m *member, note bool, lift float64) float64 {
	x := m.accept
	if note {
		x += li.p.NoteLift + lift
	}
	return logistic(x)
}

// message decides whether and when the lead answers a message whose reply chance has
// log-odds base (one of replyLogit), moved by the text's hidden lift.
func (li *LinkedIn) message(a *account, m *member, mi int32, t int64, base, lift float64) {
	n := m.messages
	m.messages++
	if m.answered {
		return
	}
	p := logistic(base + m.fit + m.noise + lift)
	u := uniform(li.seed, m.h, saltReply+uint64(n)<<8)
	switch {
	case u < p:
		m.answered = true
		delay := lognormal(li.p.ReplyMedian, li.p.ReplySigma, normal(li.seed, m.h, saltReplyDelay+uint64(n)<<8))
		li.schedule(pending{at: t + delay, typ: answerReplied, member: mi, account: a.index})
	case u < p+li.p.OptOut:
		m.answered = true
		li.schedule(pending{at: t + int64(3*time.Hour), typ: answerOptedOut, member: mi, account: a.index})
	}
}

func (li *LinkedIn) schedule(p pending) {
	li.seq++
	p.seq = li.seq
	li.queue.push(p)
}

// lognormal returns a delay with the given median and log-space deviation for the
// standard normal z, in nanoseconds.
func lognormal(median time.Duration, sigma, z float64) int64 {
	return int64(float64(median) * math.Exp(sigma*z))
}

// NextEvent returns the instant of the next scheduled answer, or false when none is
// scheduled.
func (li *LinkedIn) NextEvent() (time.Time, bool) {
	if len(li.queue) == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, li.queue[0].at).UTC(), true
}

// PopEvent removes the next scheduled answer and returns it as an event, or false when
// it no longer holds (an accept for an invite withdrawn in the meantime).
func (li *LinkedIn) PopEvent() (paceline.Event, bool) {
	p := li.queue.pop()
	m := &li.members[p.member]
	a := li.accounts[p.account]
	ev := paceline.Event{At: time.Unix(0, p.at).UTC(), Account: a.Name, Lead: m.key, Type: answers[p.typ]}
	if p.typ == answerAccepted {
		if m.invitedBy != a.index+1 || m.invitedAt != p.tag {
			return ev, false
		}
		m.invitedBy, m.connected = 0, a.index+1
		a.connections++
	}
	if p.typ == answerBounced {
		ev.Account = "" // a mailbox event, not the LinkedIn account's
	}
	return ev, true
}
