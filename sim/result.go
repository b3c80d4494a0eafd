package sim

import (
	"math"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
)

// result sums the run up and audits its ledger.
func (r *run) result() *Result {
	res := r.summary()
	res.Ledger = r.auditLedger()
	res.Violations = r.check(res.Ledger).Violations
	res.Utilization = r.utilization(r.ledger.byWeek)
	return res
}

// outcomes sums up what the run did and what the platform answered, without the audit.
func (r *run) outcomes() *Result { return r.summary() }

// summary is outcomes.
func (r *run) summary() *Result {
	res := &Result{
		Strategy: string(r.cfg.Strategy), Accounts: len(r.cfg.Accounts), Leads: len(r.cfg.Leads),
		Weeks: r.cfg.Weeks, Seed: r.cfg.Seed, Actions: map[string]int{},
		Accepted: r.accepted, Replied: r.replied, RepliedAt: r.repliedAt,
		LimitNotices: r.li.Notices, Restrictions: r.li.Restrictions,
		PausedReason: r.g.PausedReason(r.campaign),
	}
	// The ledger counted by kind as it went: one map write per kind, not per action.
	l := r.ledger
	for k, n := range l.done {
		if n > 0 {
			res.Actions[string(paceline.ActionKinds[k])] = n
		}
	}
	for k, n := range l.doneOther {
		res.Actions[string(k)] += n
	}
	res.Refused = l.refused
	for _, e := range r.g.Enrollments() {
		switch e.State {
		case engine.Finished:
			res.Finished++
		case engine.Stopped:
			res.Stopped++
		case engine.Held:
			res.Held++
			res.Unfinished++
		default:
			res.Unfinished++
		}
		if e.Fallback != "" && e.State != engine.Held {
			res.TextFallbacks++
		}
	}
	if !r.completed.IsZero() {
		d := math.Round(r.completed.Sub(r.start).Hours()/24*10) / 10
		res.CompletionDays = &d
	}
	return res
}

// auditLedger describes the accounts with the limits their strategy works to. A seat
// of the paceline strategy is held to what its Pacer keeps (pacedAccount): its own
// zone, working days and hours, minimum gap, caps after the run's safety margin and
// note quota, which for a stored account's seat (Seat.Limits, as forecast --db builds
// them) or one with overrides are not the defaults. A baseline's seat is held to the
// nominal caps (the daily strategy's daily cap on seven days when lower), every day of
// the week, in the run's zone.
func (r *run) auditLedger() *audit.Ledger {
	l := &audit.Ledger{Actions: r.ledger.actions}
	for _, s := range r.cfg.Accounts {
		if r.cfg.Strategy == Paceline {
			cfg, _ := r.seatConfig(s) // the types were checked when the run was built
			l.Accounts = append(l.Accounts, pacedAccount(s, &cfg, r.cfg.Safety))
			continue
		}
		p, _ := limits.SharedPreset(s.Type)
		a := audit.Account{
			Name: s.Name, Type: s.Type, Location: r.loc, Hours: paceline.DefaultWorkingHours, Days: 1<<7 - 1,
			MinGap: paceline.DefaultMinGap, WeeklyCaps: map[paceline.ActionKind]int{}, NoteQuotaMonthly: -1,
		}
		for k := range p.Weekly {
			a.WeeklyCaps[k] = r.effectiveCap(-1, s, k)
		}
		if p.NoteQuotaMonthly != nil {
			a.NoteQuotaMonthly = *p.NoteQuotaMonthly
		}
		l.Accounts = append(l.Accounts, a)
	}
	return l
}

// pacedAccount is seat s as the auditor must see it when a Pacer paces it by cfg at
// the given safety: in cfg's zone, on its working days and hours, with its minimum
// gap, its weekly and daily caps after the safety margin (rounded as the Pacer rounds
// them, see limits.AfterSafety) and its note quota, which the margin does not scale.
// Warm-up and back-off only lower the caps for a while, so the standing allowance is
// what a run must never exceed.
func pacedAccount(s Seat, cfg *limits.Config, safety float64) audit.Account {
	a := audit.Account{
		Name: s.Name, Type: s.Type, Location: cfg.Schedule.Location, Hours: cfg.Schedule.Hours, Days: cfg.Schedule.Days,
		MinGap: cfg.MinGap, WeeklyCaps: map[paceline.ActionKind]int{}, NoteQuotaMonthly: cfg.NoteQuotaMonthly,
	}
	for i, k := range paceline.ActionKinds {
		if n := cfg.Weekly[i]; n != limits.Uncapped {
			a.WeeklyCaps[k] = limits.AfterSafety(n, safety)
		}
		if n := cfg.Daily[i]; n != limits.Uncapped {
			if a.DailyCaps == nil {
				a.DailyCaps = map[paceline.ActionKind]int{}
			}
			a.DailyCaps[k] = limits.AfterSafety(n, safety)
		}
	}
	return a
}

// effectiveCap is the weekly cap of kind k a strategy works to on seat i (s): for
// paceline the seat's own cap (a stored account's or its overrides, as its Pacer keeps
// it) after the safety margin, for calendar the preset's nominal cap, and for daily
// the preset's daily cap on seven days (at most the nominal cap). It is not positive
// when the seat has no cap of that kind.
func (r *run) effectiveCap(i int, s Seat, k paceline.ActionKind) int {
	p, _ := limits.SharedPreset(s.Type)
	nominal := p.Weekly[k]
	switch r.cfg.Strategy {
	case Paceline:
		if i < len(r.pacers) {
			nominal = r.pacers[i].Config().WeeklyCap(k)
		}
		return limits.AfterSafety(nominal, r.cfg.Safety)
	case Daily:
		return min(nominal, 7*p.DailyTarget[k])
	}
	return nominal
}

// utilization is done ÷ (effective weekly cap × weeks) per capped kind, over the weeks
// in which the account had that work waiting at both ends and was not restricted; done
// holds the ledger's counts by seat and week (memLedger.byWeek).
//
// Invites held back by a low-acceptance pause wait too: the engine parks them, so they
// are not in its ready queues when a week is sampled, but the allowance of those weeks
// went unused with leads to invite. Left out, a campaign that paused in week 6 of 12
// read as using 98% of its allowance.
func (r *run) utilization(done [][][2]int) map[string]float64 {
	weeks := len(r.waiting) - 1
	if weeks <= 0 {
		return map[string]float64{}
	}
	var stopped int64 // when a paused campaign's invites stopped
	var parked []int  // by seat, the leads whose invite the pause holds back
	if r.g.PausedReason(r.campaign) != "" {
		stopped, parked = r.pause()
	}
	waiting := func(w, i, j int) bool {
		return r.waiting[w][i][j] || cappedKinds[j] == paceline.KindInvite && parked != nil && parked[i] > 0 &&
			r.boundary(w).UnixNano() > stopped
	}
	out := map[string]float64{}
	for j, k := range cappedKinds {
		var sent, capacity int
		for i, s := range r.cfg.Accounts {
			restricted := r.li.Restricted(s.Name)
			for w := range weeks {
				if !waiting(w, i, j) || !waiting(w+1, i, j) || overlaps(restricted, r.boundary(w), r.boundary(w+1)) {
					continue
				}
				if c := r.effectiveCap(i, s, k); c > 0 { // an uncapped seat has no allowance to use
					sent += done[i][w][j]
					capacity += c
				}
			}
		}
		if capacity > 0 {
			out[string(k)] = math.Round(float64(sent)/float64(capacity)*1000) / 1000
		}
	}
	return out
}

// seatFinder gives the place of a seat in the run's accounts by its name. An action's
// account is the very string the seat was named with, so with a few seats comparing
// names (which stops at the pointer or the length) costs less than hashing the name.
type seatFinder struct {
	seats  []Seat
	byName map[string]int // nil for a few seats
}

// fewSeats is how many seats a seatFinder scans rather than look up in a map.
const fewSeats = 8

func newSeatFinder(seats []Seat) seatFinder {
	f := seatFinder{seats: seats}
	if len(seats) > fewSeats {
		f.byName = make(map[string]int, len(seats))
		for i, s := range seats {
			f.byName[s.Name] = i
		}
	}
	return f
}

// find returns the place of the seat called name (the last of that name, as a map
// built in order would), or 0 when none is.
func (f seatFinder) find(name string) int {
	if f.byName != nil {
		return f.byName[name]
	}
	for i := len(f.seats) - 1; i >= 0; i-- {
		if f.seats[i].Name == name {
			return i
		}
	}
	return 0
}

func overlaps(spans []Interval, from, until time.Time) bool {
	for _, s := range spans {
		if s.From.Before(until) && s.Until.After(from) {
			return true
		}
	}
	return false
}
