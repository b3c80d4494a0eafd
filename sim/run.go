package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// Strategy names how a run paces its accounts.
type Strategy string

// The strategies.
const (
	// Paceline is the engine with the real Pacer: rolling windows, working time,
	// spacing, back-off, with a safety margin under the nominal caps.
	Paceline Strategy = "paceline"
	// Calendar counts from local midnight and from Monday 00:00 (20 invites a day, 100 a
	// week on most accounts), as several open-source tools do.
	Calendar Strategy = "calendar"
	// Daily has a fixed daily cap and no weekly awareness, every day of the week.
	Daily Strategy = "daily"
)

// Strategies lists the strategies in the order help texts show them.
var Strategies = []Strategy{Paceline, Calendar, Daily}

// ParseStrategy reads a strategy name.
func ParseStrategy(s string) (Strategy, error) {
	for _, v := range Strategies {
		if string(v) == s {
			return v, nil
		}
	}
	return "", paceline.FieldErrorf("strategy", "unknown strategy %q (want paceline, calendar or daily)", s)
}

// DefaultSafety is the share of each nominal cap the paceline strategy uses: the hidden
// true limit can be 5% under the nominal one, so a run that uses 95% is never told off.
// It is limits.DefaultSafety, the default of a new account, so that a simulated seat
// paces as a real one added with the defaults.
const DefaultSafety = limits.DefaultSafety

// MailPerDay is how many emails a seat's mailbox sends per working day, in every
// strategy. Source: assumption (a warmed-up mailbox doing cold outreach).
const MailPerDay = 40

// Config is one simulated run.
type Config struct {
	Accounts []Seat
	Leads    []*paceline.Lead
	// Sequence is what every lead goes through; nil is sequence.Default().
	Sequence *sequence.Sequence
	Weeks    int
	Seed     uint64
	// Start is the run's first instant; zero is Monday 5 January 2026, 00:00 UTC.
	Start    time.Time
	Strategy Strategy
	// TimeZone is every account's IANA zone; "" is UTC.
	TimeZone string
	// Params is the simulated platform; nil is DefaultParams().
	Params *Params
	// Safety is the paceline strategy's share of each cap; 0 is DefaultSafety.
	Safety float64
	// SplitEvenly deals the variants of a step's text in turn instead of learning which
	// one works (Thompson sampling): the baseline the bandit is measured against.
	SplitEvenly bool
}

// Result is what a run did, as `paceline simulate --json` prints it.
type Result struct {
	Strategy string         `json:"strategy"`
	Accounts int            `json:"accounts"`
	Leads    int            `json:"leads"`
	Weeks    int            `json:"weeks"`
	Seed     uint64         `json:"seed"`
	Actions  map[string]int `json:"actions"` // done actions per kind
	Refused  int            `json:"refused"`
	Accepted int            `json:"accepted"`
	Replied  int            `json:"replied"`
	// LimitNotices and Restrictions are the platform's push-backs.
	LimitNotices int `json:"limit_notices"`
	Restrictions int `json:"restrictions"`
	// Violations is what audit.Check finds in the run's ledger, against the effective
	// caps (see auditLedger), working time and minimum gaps.
	Violations int `json:"violations"`
	// Utilization is, per capped kind, done ÷ (effective weekly cap × weeks), counting
	// only weeks in which the account had work of that kind waiting at both ends and was
	// not restricted.
	Utilization map[string]float64 `json:"utilization"`
	// CompletionDays is when the last enrollment ended, in days from the start; nil
	// when the run ended first.
	CompletionDays *float64 `json:"completion_days"`
	Finished       int      `json:"finished"`
	Stopped        int      `json:"stopped"`
	Unfinished     int      `json:"unfinished"`
	// Held counts the unfinished enrollments whose text waits for a person (a blank
	// field, a note too long with fallback: wait); TextFallbacks those that went on
	// with a fallback (a plain invite, a skipped invite). engine.Enrollment.Fallback
	// says why for each.
	Held          int     `json:"held"`
	TextFallbacks int     `json:"text_fallbacks"`
	WallSeconds   float64 `json:"wall_seconds"`
	// PausedReason says why the engine paused the campaign's invites for a low
	// acceptance rate; "" when it ran to the end unpaused.
	PausedReason string `json:"paused_reason,omitempty"`

	// RepliedAt holds when each reply arrived, in order, for the forecast's curve.
	RepliedAt []time.Time `json:"-"`

	// Ledger is the run's ledger, for audit.WriteDir.
	Ledger *audit.Ledger `json:"-"`
}

// defaultSequence is sequence.Default parsed once: a sequence is read-only once
// parsed, and a forecast or a benchmark runs many times.
var defaultSequence = sync.OnceValue(sequence.Default)

// DefaultStart is the start of a run that names none: a Monday.
var DefaultStart = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// Run simulates one campaign: every lead enrolled at the start, sent by the accounts in
// rotation, paced by the strategy, answered by the simulated LinkedIn, for cfg.Weeks
// weeks or until every enrollment has ended.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	return runWith(ctx, cfg, nil)
}

// runWith is Run taking its room from mem, when not nil, and giving the engine's
// back to it: the Result keeps the ledger.
func runWith(ctx context.Context, cfg Config, mem *runMemory) (*Result, error) {
	wall := time.Now()
	r, err := newRun(cfg, mem, true)
	if err != nil {
		return nil, err
	}
	if err := r.loop(ctx); err != nil {
		return nil, err
	}
	res := r.result()
	r.release(mem)
	if len(res.RepliedAt) == 0 {
		res.RepliedAt = nil // as a run on fresh memory has it
	}
	res.WallSeconds = math.Round(time.Since(wall).Seconds()*1000) / 1000
	return res, nil
}

// run is one simulation in progress.
type run struct {
	cfg    Config
	start  time.Time
	end    time.Time
	loc    *time.Location
	g      *engine.Engine
	li     *LinkedIn
	ledger *memLedger
	// waiting[w][seat][kind] says whether the seat had work of the kind waiting at
	// the start of week w (and so at the end of week w-1).
	waiting   [][][2]bool
	accepted  int
	replied   int
	repliedAt []time.Time // when each reply arrived, for forecast curves
	completed time.Time
	campaign  string // the one campaign's name
	// pacers are the paceline strategy's Pacers, pruned every week (see sample).
	pacers []*limits.Pacer
	// spare holds the Pacers of an earlier run, which the seats take in turn
	// (limits.NewReusing); pacers is built in its array.
	spare []*limits.Pacer
	// waitingRoom is the room waiting's rows are cut from, (Weeks+1) × seats.
	waitingRoom [][2]bool
	// checker audits the run's ledger in the room of earlier audits; nil for a run
	// without a runMemory.
	checker *audit.Checker
}

// cappedKinds are the kinds whose utilization a run reports.
var cappedKinds = [2]paceline.ActionKind{paceline.KindInvite, paceline.KindMessage}

// newRun sets a run up, taking room from mem when it is not nil. keepLedger false
// counts the actions without keeping them: the run then has outcomes, not a result.
func newRun(cfg Config, mem *runMemory, keepLedger bool) (*run, error) {
	switch {
	case len(cfg.Accounts) == 0:
		return nil, paceline.FieldErrorf("accounts", "names no account (give at least one, like free:1)")
	case cfg.Weeks <= 0 || cfg.Weeks > 520:
		return nil, paceline.FieldErrorf("weeks", "%d is not from 1 to 520", cfg.Weeks)
	}
	if _, err := ParseStrategy(string(cfg.Strategy)); err != nil {
		return nil, err
	}
	if cfg.Sequence == nil {
		cfg.Sequence = defaultSequence()
	}
	if cfg.Params == nil {
		p := DefaultParams()
		cfg.Params = &p
	}
	if cfg.Safety == 0 {
		cfg.Safety = DefaultSafety
	}
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if cfg.TimeZone == "" {
		cfg.TimeZone = "UTC"
	}
	loc, err := paceline.LoadTimeZone(cfg.TimeZone)
	if err != nil {
		return nil, err
	}
	// Room up front saves copying a growing ledger: the default sequence makes about
	// 2.7 attempts per lead in 12 weeks (measured at 3,000 and 50,000 leads); a longer
	// or larger run grows the ledger as usual.
	room := len(cfg.Leads) * min(3, len(cfg.Sequence.Steps)+1)
	var engineMemory *engine.Memory
	var actions []paceline.Action
	var li *LinkedIn
	r := &run{cfg: cfg, start: cfg.Start, loc: loc}
	if mem != nil {
		// Everything taken now belongs to this run, until release hands it back.
		engineMemory, li, r.spare = mem.engine, mem.li, mem.pacers
		mem.engine, mem.li, mem.pacers = nil, nil, nil
		r.pacers = r.spare[:0]
		r.waiting, r.waitingRoom = mem.wait, mem.waiting
		mem.wait, mem.waiting = nil, nil
		r.repliedAt, mem.repliedAt = mem.repliedAt, nil
		r.checker = &mem.audit
		if keepLedger && cap(mem.actions) >= room {
			actions, mem.actions = mem.actions, nil
		}
	}
	if keepLedger && actions == nil {
		actions = make([]paceline.Action, 0, room)
	}
	if need := (cfg.Weeks + 1) * len(cfg.Accounts); cap(r.waitingRoom) >= need {
		r.waitingRoom = r.waitingRoom[:need] // every flag is written before it is read (sample)
	} else {
		r.waitingRoom = make([][2]bool, need)
	}
	r.ledger = newMemLedger(cfg, keepLedger, actions)
	r.end = r.start.Add(time.Duration(cfg.Weeks) * 7 * 24 * time.Hour)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x70616365))
	if r.li, err = newLinkedIn(li, *cfg.Params, cfg.Seed, rng, cfg.Accounts, cfg.Leads); err != nil {
		return nil, err
	}
	if r.g, err = engine.New(engine.Options{Executor: r.li, Ledger: r.ledger, Seed: cfg.Seed, SplitEvenly: cfg.SplitEvenly,
		ExpectLeads: len(cfg.Leads), Memory: engineMemory}); err != nil {
		return nil, err
	}
	names := make([]string, len(cfg.Accounts))
	for i, s := range cfg.Accounts {
		acct, err := r.account(s)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", s.Name, err)
		}
		if err := r.g.AddAccount(acct); err != nil {
			return nil, err
		}
		names[i] = s.Name
	}
	c := engine.Campaign{Name: cfg.Sequence.Name, Sequence: cfg.Sequence, Accounts: names}
	if c.Name == "" {
		c.Name = "simulation"
	}
	if err := r.g.AddCampaign(c); err != nil {
		return nil, err
	}
	r.campaign = c.Name
	for i, l := range cfg.Leads {
		e, err := r.g.Enroll(c.Name, l, r.start)
		if err != nil && paceline.ErrorCode(err) != paceline.ECONFLICT {
			return nil, err
		}
		if e != nil {
			r.li.bindMember(e.ID, r.li.leads.last[i], true) // the member e.Key names, as bind finds it
		}
	}
	return r, nil
}

// seatConfig is the configuration a seat is scheduled by, and under the paceline
// strategy paced by (with the run's safety and seed): the preset of its type in the
// run's zone, or under the paceline strategy the stored account's own (Seat.Limits) or
// the preset with the seat's overrides. The audit holds the seat to the same
// (auditLedger).
func (r *run) seatConfig(s Seat) (limits.Config, error) {
	cfg, err := limits.NewConfig(s.Type, r.loc)
	if err != nil {
		return limits.Config{}, err
	}
	if s.Limits != nil && r.cfg.Strategy == Paceline {
		// The stored account's own allowance, schedule and warm-up, as serve paces it;
		// its overrides are in it already.
		cfg = *s.Limits
	} else if o := s.Overrides; o != nil && r.cfg.Strategy == Paceline {
		// The seat's own caps, as serve applies an account's (limits.ConfigFor); the
		// weight and note limit follow them.
		cfg.ApplyOverrides(o.Caps, o.Limits)
	}
	return cfg, nil
}

// account builds the engine's view of one seat under the run's strategy.
func (r *run) account(s Seat) (engine.Account, error) {
	cfg, err := r.seatConfig(s)
	if err != nil {
		return engine.Account{}, err
	}
	acct := engine.Account{Name: s.Name, Schedule: cfg.Schedule, Weight: cfg.WeeklyCap(paceline.KindInvite), NoteLimit: cfg.NoteMaxChars, SenderName: s.SenderName}
	seed := limits.SeedFor(s.Name) ^ mix(r.cfg.Seed)
	switch r.cfg.Strategy {
	case Paceline:
		cfg.Safety = r.cfg.Safety
		cfg.Seed = seed
		if !s.NoMailbox {
			cfg.DailyTarget[paceline.KindEmail.Index()] = MailPerDay
		}
		var spare *limits.Pacer // the next of an earlier run's Pacers, if any is left
		if n := len(r.pacers); n < len(r.spare) {
			spare = r.spare[n]
		}
		var p *limits.Pacer
		if h := s.History; h != nil {
			// A stored account's past, replayed as serve replays its ledger.
			origin := r.start
			if h.Since.Before(origin) {
				origin = h.Since
			}
			p, err = limits.Replay(cfg, origin, h.Actions, h.Events)
		} else {
			p, err = limits.NewReusing(cfg, r.start, spare)
		}
		if err != nil {
			return engine.Account{}, err
		}
		acct.Pacer = p
		r.pacers = append(r.pacers, p)
	default:
		mail := MailPerDay
		if s.NoMailbox {
			mail = 0
		}
		b, err := newBaseline(s.Type, r.loc, cfg.Schedule.Hours, r.cfg.Strategy == Calendar, seed, mail)
		if err != nil {
			return engine.Account{}, err
		}
		acct.Pacer = b
		acct.Schedule = b.sched
	}
	return acct, nil
}

// loop advances virtual time from wake-up to wake-up and event to event, never by
// polling, until the end of the run or until every enrollment has ended.
func (r *run) loop(ctx context.Context) error {
	if err := r.g.Step(ctx, r.start); err != nil {
		return err
	}
	r.sample()
	nextSample := r.boundary(len(r.waiting)).UnixNano()
	end := r.end.UnixNano()
	for i := 0; ; i++ {
		// A cancellable context takes a lock to ask; every 256 turns is soon enough.
		if i&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if r.g.Running() == 0 {
			r.completed = r.lastInstant()
			return nil
		}
		// The next instant is the engine's wake-up or the platform's next answer,
		// whichever comes first (the answer on a tie), compared in unix nanoseconds.
		wake := r.g.NextWake()
		next, isEvent := wake, false
		nextN := int64(0) // next in unix nanoseconds, worked out once
		if !wake.IsZero() {
			nextN = wake.UnixNano()
		}
		if len(r.li.queue) > 0 {
			if at := r.li.queue[0].at; wake.IsZero() || at <= nextN {
				next, nextN, isEvent = time.Unix(0, at).UTC(), at, true
			}
		}
		if next.IsZero() || nextN >= end {
			for len(r.waiting) <= r.cfg.Weeks {
				r.sample()
			}
			return nil
		}
		for nextSample <= nextN {
			r.sample()
			nextSample = r.boundary(len(r.waiting)).UnixNano()
		}
		if err := r.g.Step(ctx, next); err != nil {
			return err
		}
		if isEvent {
			ev, ok := r.li.PopEvent()
			if !ok {
				continue
			}
			switch ev.Type {
			case paceline.EventAccepted:
				r.accepted++
			case paceline.EventReplied:
				r.replied++
				r.repliedAt = append(r.repliedAt, ev.At)
			}
			r.g.Observe(ev)
		}
		// The look that follows an action (or an answer) is at the same instant: step
		// again at once while nothing else comes first there (an answer due by now
		// goes first, as above; the week's sample and the end were passed for it).
		for r.g.DueNow() && r.g.Running() > 0 && (len(r.li.queue) == 0 || r.li.queue[0].at > nextN) {
			if err := r.g.Step(ctx, next); err != nil {
				return err
			}
		}
	}
}

func (r *run) boundary(w int) time.Time {
	return r.start.Add(time.Duration(w) * 7 * 24 * time.Hour)
}

// sample notes, at the next week boundary, which accounts have capped work waiting,
// and lets each Pacer forget what is too old to matter, so its counts search a week
// of actions rather than the whole run's.
func (r *run) sample() {
	at := r.boundary(len(r.waiting))
	for _, p := range r.pacers {
		p.State().Prune(at)
	}
	n, w := len(r.cfg.Accounts), len(r.waiting)
	var row [][2]bool
	if (w+1)*n <= len(r.waitingRoom) {
		row = r.waitingRoom[w*n : (w+1)*n : (w+1)*n]
	} else {
		row = make([][2]bool, n)
	}
	for i, s := range r.cfg.Accounts {
		for j, k := range cappedKinds {
			row[i][j] = r.g.Waiting(s.Name, k) > 0
		}
	}
	r.waiting = append(r.waiting, row)
}

// lastInstant is when the last enrollment ended.
func (r *run) lastInstant() time.Time {
	var t time.Time
	for _, e := range r.g.Enrollments() {
		if e.Ended.After(t) {
			t = e.Ended
		}
	}
	return t
}
