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

// Check audits the ledger against the pacing contract and reports every violation.
// It does not modify the ledger: actions may come in any order, and ties in time keep
// their ledger order. Cost: one pass to group actions by account, a sort per account
// that is skipped when the account's actions are already in time order, then one
// linear sweep per account. An account named twice in l.Accounts is judged by its
// first entry (ReadDir refuses such a file).
func Check(l *Ledger) Report {
	details := []Violation{}
	byName := make(map[string]int, len(l.Accounts))
	for i := range l.Accounts {
		if _, dup := byName[l.Accounts[i].Name]; !dup {
			byName[l.Accounts[i].Name] = i
		}
	}

	// Group by account with a counting sort, which keeps ledger order inside a group.
	owner := make([]int, len(l.Actions))
	start := make([]int, len(l.Accounts)+1)
	for i := range l.Actions {
		j, ok := byName[l.Actions[i].Account]
		if !ok {
			owner[i] = -1
			details = append(details, unknownAccount(&l.Actions[i]))
			continue
		}
		owner[i] = j
		start[j+1]++
	}
	for j := 1; j < len(start); j++ {
		start[j] += start[j-1]
	}
	order := make([]entry, start[len(l.Accounts)])
	next := slices.Clone(start[:len(l.Accounts)])
	for i, j := range owner {
		if j >= 0 {
			at := l.Actions[i].At
			order[next[j]] = entry{sec: at.Unix(), nsec: int32(at.Nanosecond()), i: i}
			next[j]++
		}
	}

	for j := range l.Accounts {
		group := order[start[j]:start[j+1]]
		if !slices.IsSortedFunc(group, compareEntries) {
			slices.SortFunc(group, compareEntries)
		}
		details = checkAccount(&l.Accounts[j], l.Actions, group, details)
	}
	slices.SortStableFunc(details, compareViolations)
	return Report{Violations: len(details), Details: details}
}

// entry is an action's place in its account's history. Sorting these small values
// instead of indices into the ledger keeps the sort in cache, which halves the audit
// time of a shuffled million-action ledger.
type entry struct {
	sec  int64
	nsec int32
	i    int // index in Ledger.Actions; breaks ties in time, so ledger order is kept
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

// kindCounts holds the rolling counters of one capped kind of one account.
type kindCounts struct {
	weekly, daily *rollingCount
}

// checkAccount sweeps one account's actions in time order and appends its violations.
func checkAccount(acc *Account, actions []paceline.Action, history []entry, out []Violation) []Violation {
	loc := acc.location()
	counts := make(map[paceline.ActionKind]*kindCounts, len(acc.WeeklyCaps)+len(acc.DailyCaps))
	for k, limit := range acc.WeeklyCaps {
		counts[k] = &kindCounts{weekly: &rollingCount{span: week, limit: limit}}
	}
	for k, limit := range acc.DailyCaps {
		if counts[k] == nil {
			counts[k] = &kindCounts{}
		}
		counts[k].daily = &rollingCount{span: day, limit: limit}
	}
	// Notes per local calendar month, keyed by year*12+month. A map rather than a
	// running counter: local months need not be monotonic where a zone's clock steps
	// back across midnight at a month's start.
	notes := map[int]int{}

	var prev *paceline.Action
	for _, e := range history {
		a := &actions[e.i]
		lt := a.At.In(loc)
		if !inWorkingTime(acc, lt) {
			out = append(out, violation(RuleWorkingHours, a,
				"%s local (%s) is outside working time %s %s",
				lt.Format("Mon 2006-01-02 15:04:05"), loc, acc.Days, acc.Hours))
		}
		if prev != nil {
			if gap := a.At.Sub(prev.At); gap < acc.MinGap {
				out = append(out, violation(RuleMinGap, a,
					"%s after the previous action (%s %s at %s), under the minimum gap of %s",
					gap, prev.Result, prev.Kind, prev.At.UTC().Format(time.RFC3339), acc.MinGap))
			}
		}
		prev = a
		if !a.Counts() {
			continue
		}
		if c := counts[a.Kind]; c != nil {
			if w := c.weekly; w != nil {
				if n := w.add(a.At); n > w.limit {
					out = append(out, violation(RuleWeeklyCap, a,
						"%d done %s actions in the rolling 7 days (%s, %s], over the weekly cap of %d",
						n, a.Kind, a.At.Add(-week).UTC().Format(time.RFC3339), a.At.UTC().Format(time.RFC3339), w.limit))
				}
			}
			if d := c.daily; d != nil {
				if n := d.add(a.At); n > d.limit {
					out = append(out, violation(RuleDailyCap, a,
						"%d done %s actions in the rolling 24 hours (%s, %s], over the daily cap of %d",
						n, a.Kind, a.At.Add(-day).UTC().Format(time.RFC3339), a.At.UTC().Format(time.RFC3339), d.limit))
				}
			}
		}
		if a.Kind == paceline.KindInvite && a.WithNote && acc.NoteQuotaMonthly >= 0 {
			y, m, _ := lt.Date()
			key := y*12 + int(m)
			notes[key]++
			if n := notes[key]; n > acc.NoteQuotaMonthly {
				out = append(out, violation(RuleNoteQuota, a,
					"%d done invites with a note in %s (%s), over the monthly note quota of %d",
					n, lt.Format("2006-01"), loc, acc.NoteQuotaMonthly))
			}
		}
	}
	return out
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
