package audit

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/paceline/paceline"
)

const (
	week = 7 * 24 * time.Hour
	day  = 24 * time.Hour
)

// Check audits the ledger against the pacing contract and reports every violation,
// with l.HoldToLinkedIn against LinkedIn's limits too (Report.Findings lists the caps
// it did not take as given), and says what the ledger could not show
// (Report.Unchecked). It does not modify the ledger: actions may come in any order,
// and ties in time keep their ledger order. Cost: one pass to group actions by account, a sort per account
// that is skipped when the account's actions are already in time order, then one
// linear sweep per account. An account named twice in l.Accounts is judged by its
// first entry (ReadDir refuses such a file). The ledger holds fewer than 2^31 actions
// (in memory, about 300 GB of them).
func Check(l *Ledger) Report {
	var c Checker
	return c.Check(l)
}

// Checker audits ledgers one after another, as Check does, keeping the room of one
// audit's grouping, sorting and counting arrays for the next: a simulation audits
// every run of a forecast or a benchmark, and allocating those arrays afresh for each
// was about a sixth of the bytes a run allocated. What it keeps is cleared after each
// audit of what points into the ledger, so a Checker held between audits keeps no
// ledger alive. The zero Checker is ready to use; it is not safe for concurrent use.
type Checker struct {
	byName   map[string]int
	owner    []int32
	start    []int
	next     []int
	order    []entry
	accounts []held
	counts   []rollingCount // the rolling counters of one account at a time
}

// Check audits l as the function Check does, in the room of earlier audits.
func (c *Checker) Check(l *Ledger) Report {
	details := []Violation{}
	if c.byName == nil {
		c.byName = make(map[string]int, len(l.Accounts))
	}
	byName := c.byName
	clear(byName)
	for i := range l.Accounts {
		if _, dup := byName[l.Accounts[i].Name]; !dup {
			byName[l.Accounts[i].Name] = i
		}
	}

	// Group by account with a counting sort, which keeps ledger order inside a group.
	// Positions as int32 rather than int: these arrays are most of what the audit
	// allocates (a simulation audits every run), and half the bytes is half the
	// clearing and fewer collections.
	owner := grow(&c.owner, len(l.Actions))
	start := grow(&c.start, len(l.Accounts)+1)
	clear(start)
	for i := range l.Actions {
		j, ok := byName[l.Actions[i].Account]
		if !ok {
			owner[i] = -1
			details = append(details, unknownAccount(&l.Actions[i]))
			continue
		}
		owner[i] = int32(j)
		start[j+1]++
	}
	for j := 1; j < len(start); j++ {
		start[j] += start[j-1]
	}
	order := grow(&c.order, start[len(l.Accounts)])
	next := grow(&c.next, len(l.Accounts))
	copy(next, start)
	for i, j := range owner {
		if j >= 0 {
			at := l.Actions[i].At
			order[next[j]] = entry{sec: at.Unix(), nsec: int32(at.Nanosecond()), i: int32(i)}
			next[j]++
		}
	}

	accounts := grow(&c.accounts, len(l.Accounts))
	var findings []Finding
	for j := range l.Accounts {
		accounts[j], findings = holdAccount(l, &l.Accounts[j], findings)
		group := order[start[j]:start[j+1]]
		if !slices.IsSortedFunc(group, compareEntries) {
			slices.SortFunc(group, compareEntries)
		}
		details = c.checkAccount(&accounts[j], l.Actions, group, details)
	}
	slices.SortStableFunc(details, compareViolations)
	r := Report{Violations: len(details), Details: details, Findings: findings, Unchecked: unchecked(l, accounts)}
	// What points into the ledger goes; the numbers stay, to be overwritten.
	clear(accounts)
	clear(byName)
	return r
}

// grow returns (*s)[:n], allocating a new array when *s has room for fewer than n
// elements; the elements are not cleared.
func grow[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	return *s
}

// entry is an action's place in its account's history. Sorting these small values
// (16 bytes) instead of indices into the ledger keeps the sort in cache, which halves
// the audit time of a shuffled million-action ledger.
type entry struct {
	sec  int64
	nsec int32
	i    int32 // index in Ledger.Actions; breaks ties in time, so ledger order is kept
}

func compareEntries(a, b entry) int {
	switch {
	case a.sec != b.sec:
		return cmp.Compare(a.sec, b.sec)
	case a.nsec != b.nsec:
		return cmp.Compare(a.nsec, b.nsec)
	}
	return cmp.Compare(a.i, b.i)
}

// kindCounts holds the rolling counters of one capped kind of one account, and why
// the weekly cap is not the account's own ("" when it is).
type kindCounts struct {
	weekly, daily *rollingCount
	weeklyWhy     string
}

// checkAccount sweeps one account's actions in time order and appends its violations.
// It reads each action's instant from its entry (whole seconds and nanoseconds) and its
// local weekday and time of day from the zone's offset, looked up again only when the
// sweep leaves the span in which that offset holds: converting every instant to the
// account's zone and asking it for its weekday and clock cost more than the rest of
// the audit. It counts the account's done InMails into h.
func (c *Checker) checkAccount(h *held, actions []paceline.Action, history []entry, out []Violation) []Violation {
	acc := h.acc
	loc := acc.location()
	sw := sweep{actions: actions, history: history}
	// Counters of the known kinds by kind number; a map only for a cap on a kind this
	// build does not know.
	var known [paceline.NumActionKinds]kindCounts
	var other map[paceline.ActionKind]*kindCounts
	// The rolling counters take the room of the last account's: room for them all up
	// front, so that no pointer handed out moves.
	counts := grow(&c.counts, len(acc.WeeklyCaps)+len(acc.DailyCaps))[:0]
	rolling := func(span time.Duration, limit int) *rollingCount {
		counts = counts[:len(counts)+1]
		w := &counts[len(counts)-1]
		*w = rollingCount{span: span, limit: limit, places: w.places[:0]}
		return w
	}
	counter := func(k paceline.ActionKind) *kindCounts {
		if i := k.Index(); i >= 0 {
			return &known[i]
		}
		if other == nil {
			other = map[paceline.ActionKind]*kindCounts{}
		}
		if other[k] == nil {
			other[k] = &kindCounts{}
		}
		return other[k]
	}
	for k, limit := range acc.WeeklyCaps {
		counter(k).weekly = rolling(week, limit)
		counter(k).weeklyWhy = h.linkedIn[k]
	}
	for k, limit := range acc.DailyCaps {
		counter(k).daily = rolling(day, limit)
	}
	// Notes per local calendar month, keyed by year*12+month. A map rather than a
	// running counter: local months need not be monotonic where a zone's clock steps
	// back across midnight at a month's start.
	var notes map[int]int
	inmail := credits{held: h}
	clock := zoneClock{loc: loc}

	for p, e := range history {
		a := &actions[e.i]
		if !clock.inWorkingTime(acc, e.sec, a.At) {
			lt := a.At.In(loc)
			out = append(out, violation(RuleWorkingHours, a,
				"%s local (%s) is outside working time %s %s",
				lt.Format("Mon 2006-01-02 15:04:05"), loc, acc.Days, acc.Hours))
		}
		if p > 0 {
			if gap := sw.sub(p, p-1); gap < acc.MinGap {
				prev := &actions[history[p-1].i]
				out = append(out, violation(RuleMinGap, a,
					"%s after the previous action (%s %s at %s), under the minimum gap of %s",
					gap, prev.Result, prev.Kind, prev.At.UTC().Format(time.RFC3339), acc.MinGap))
			}
		}
		if !a.Counts() {
			continue
		}
		var c *kindCounts
		if k := a.Kind.Index(); k >= 0 {
			c = &known[k]
		} else {
			c = other[a.Kind] // nil when no cap names the kind
		}
		if c != nil {
			if w := c.weekly; w != nil {
				if n := w.add(&sw, p); n > w.limit {
					out = append(out, violation(RuleWeeklyCap, a,
						"%d done %s actions in the rolling 7 days (%s, %s], over the weekly cap of %d%s",
						n, a.Kind, a.At.Add(-week).UTC().Format(time.RFC3339), a.At.UTC().Format(time.RFC3339), w.limit, c.weeklyWhy))
				}
			}
			if d := c.daily; d != nil {
				if n := d.add(&sw, p); n > d.limit {
					out = append(out, violation(RuleDailyCap, a,
						"%d done %s actions in the rolling 24 hours (%s, %s], over the daily cap of %d",
						n, a.Kind, a.At.Add(-day).UTC().Format(time.RFC3339), a.At.UTC().Format(time.RFC3339), d.limit))
				}
			}
		}
		if a.Kind == paceline.KindInvite && a.WithNote && acc.NoteQuotaMonthly >= 0 {
			lt := a.At.In(loc)
			y, m, _ := lt.Date()
			key := y*12 + int(m)
			if notes == nil {
				notes = map[int]int{}
			}
			notes[key]++
			if n := notes[key]; n > acc.NoteQuotaMonthly {
				out = append(out, violation(RuleNoteQuota, a,
					"%d done invites with a note in %s (%s), over the monthly note quota of %d%s",
					n, lt.Format("2006-01"), loc, acc.NoteQuotaMonthly, h.note))
			}
		}
		if a.Kind == paceline.KindInMail {
			h.inmails++
			if h.credits != nil && !inmail.spend(a.At.In(loc)) {
				out = append(out, inmail.violation(a, loc))
			}
		}
	}
	return out
}

// sweep is one account's history in time order, as Check sorted it.
type sweep struct {
	actions []paceline.Action
	history []entry
}

// sub returns how long after the action at place q of the history the one at place p
// happened (p not before q), as Time.Sub would: from the entries' seconds and
// nanoseconds while the difference is under a century or so, else from the instants
// themselves, where Sub's saturation applies. Like the sort, it reads the wall clock:
// a monotonic clock reading (a time.Now of this process) is not consulted.
func (h *sweep) sub(p, q int) time.Duration {
	t, u := &h.history[p], &h.history[q]
	if d := t.sec - u.sec; d >= 0 && d < 1<<32 {
		return time.Duration(d)*time.Second + time.Duration(t.nsec-u.nsec)
	}
	return h.actions[t.i].At.Sub(h.actions[u.i].At)
}

// zoneClock tells an account's local weekday and time of day from unix seconds. It
// keeps the zone's offset from UTC, from the instant it was looked up at until the end
// of the zone period (Time.ZoneBounds), and asks the location again only outside that
// span: a sweep in time order does so about twice a year in a zone with daylight saving
// time, once in UTC. The span starts at the instant looked up, not at the period's
// start, because past a zone's last listed transition the time package may give a
// start from the zone's yearly rule that lies before that transition.
type zoneClock struct {
	loc         *time.Location
	from, until int64 // unix seconds; until <= from before the first look-up
	offset      int64 // seconds east of UTC
}

// clockRange bounds the unix seconds zoneClock reads by arithmetic (about 35,000 years
// either side of 1970), far from where adding an offset could overflow.
const clockRange = 1 << 40

// inWorkingTime reports whether the instant t, whose unix seconds are sec, falls on a
// working day and inside [Start, End) of the working hours in the clock's zone.
func (c *zoneClock) inWorkingTime(acc *Account, sec int64, t time.Time) bool {
	if sec <= -clockRange || sec >= clockRange {
		return inWorkingTime(acc, t.In(c.loc))
	}
	weekday, s := c.local(sec, t)
	if !acc.Days.Has(weekday) {
		return false
	}
	// Sub-second parts never change the verdict: the bounds are whole minutes.
	return s >= acc.Hours.Start*60 && s < acc.Hours.End*60
}

// local returns the weekday and the seconds since local midnight of the instant t,
// whose unix seconds are sec (within clockRange), as t.In(loc).Weekday() and Clock()
// would.
func (c *zoneClock) local(sec int64, t time.Time) (time.Weekday, int) {
	if sec < c.from || sec >= c.until {
		lt := t.In(c.loc)
		_, off := lt.Zone()
		_, end := lt.ZoneBounds()
		// An end at or before sec (the time package ends the last period of a leap
		// year a day early) leaves the span empty: the next instant looks up again.
		c.offset, c.from, c.until = int64(off), sec, clockRange
		if !end.IsZero() {
			c.until = end.Unix()
		}
	}
	local := sec + c.offset
	days, s := local/86400, local%86400
	if s < 0 {
		days, s = days-1, s+86400
	}
	weekday := (days + 4) % 7 // 1 January 1970 was a Thursday
	if weekday < 0 {
		weekday += 7
	}
	return time.Weekday(weekday), int(s)
}

// inWorkingTime reports whether the local wall-clock time lt falls on a working day and
// inside [Start, End) of the working hours. It reads the clock of lt itself rather than
// building the day's window with time.Date, so DST days need no special case: when a
// window's opening falls in the skipped hour (02:30 on a spring-forward night) the
// window opens when the clock jumps to 03:00, where time.Date would put it an hour
// early, at 01:30 standard time; in a repeated hour both passes are judged alike.
func inWorkingTime(acc *Account, lt time.Time) bool {
	if !acc.Days.Has(lt.Weekday()) {
		return false
	}
	h, m, s := lt.Clock()
	sec := h*3600 + m*60 + s
	// Sub-second parts never change the verdict: the bounds are whole minutes.
	return sec >= acc.Hours.Start*60 && sec < acc.Hours.End*60
}

func unknownAccount(a *paceline.Action) Violation {
	return violation(RuleUnknownAccount, a,
		"account %q is not in the ledger's accounts (add it to accounts.csv or fix the name)", a.Account)
}

func violation(rule string, a *paceline.Action, format string, args ...any) Violation {
	return Violation{
		Rule:    rule,
		Account: a.Account,
		Kind:    string(a.Kind),
		At:      a.At.UTC(),
		Message: fmt.Sprintf(format, args...),
	}
}
