package sim

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
)

// baseline is a peer strategy's pacer, as several open-source automation tools count:
// per kind, a day counter reset at local midnight and (for calendar) a week counter
// reset at Monday 00:00, working hours on every day of the week, a jittered minimum
// gap, and on a "limit reached" notice a stop for the rest of the day. It knows nothing
// of rolling windows.
type baseline struct {
	sched     paceline.Schedule // every day of the week
	minGap    time.Duration
	seed      uint64
	dayCap    [paceline.NumActionKinds]int // 0: the kind is not available
	weekCap   [paceline.NumActionKinds]int // 0: no week counter
	noteQuota int                          // per calendar month; <0: none
	done      [paceline.NumActionKinds][]int64
	notes     []int64
	last      int64
	gapFor    int64 // the last action gapAt was worked out for (gapEnd)
	gapAt     int64
	paused    [paceline.NumActionKinds]int64 // after a notice, until the next local day
	restrict  int64
	cal       calendarCache
}

var _ engine.Pacer = (*baseline)(nil)

// newBaseline builds the pacer of a peer strategy for an account type: calendar counts
// days and weeks, daily counts days only. Both use the preset's daily figures as caps.
func newBaseline(t paceline.AccountType, loc *time.Location, hours paceline.WorkingHours, weekly bool, seed uint64, mailPerDay int) (*baseline, error) {
	p, err := limits.SharedPreset(t)
	if err != nil {
		return nil, err
	}
	b := &baseline{
		sched:  paceline.Schedule{Location: loc, Hours: hours, Days: 1<<7 - 1},
		minGap: paceline.DefaultMinGap, seed: seed, noteQuota: -1,
	}
	for k, n := range p.DailyTarget {
		b.dayCap[k.Index()] = n
	}
	b.dayCap[paceline.KindEmail.Index()] = mailPerDay
	if weekly {
		for k, n := range p.Weekly {
			b.weekCap[k.Index()] = n
		}
	}
	if p.NoteQuotaMonthly != nil {
		b.noteQuota = *p.NoteQuotaMonthly
	}
	return b, nil
}

// Decide answers with the earliest instant the tool would act.
func (b *baseline) Decide(now time.Time, req limits.Request) limits.Decision {
	k := req.Kind.Index()
	if k < 0 || b.dayCap[k] == 0 {
		return limits.Decision{Kind: req.Kind, Reason: limits.ReasonNotAvailable}
	}
	d := limits.Decision{Kind: req.Kind}
	if req.Note && b.noteQuota >= 0 {
		from, next := b.month(now)
		if countSince(b.notes, from.UnixNano()) >= b.noteQuota {
			d.NoteQuotaExhausted, d.Reason, d.At = true, limits.ReasonNoteQuota, next
			return d
		}
	}
	// The search runs in unix nanoseconds: the same instants as Schedule's and the
	// calendar cache's, without a time.Time (and its zone) for every step of it.
	n := now.UnixNano()
	t := n
	for range 64 {
		t0 := t
		open, ok := b.nextOpen(t)
		if !ok {
			return limits.Decision{Kind: req.Kind, Reason: limits.ReasonNoSchedule}
		}
		t = open
		if b.restrict > t {
			t, d.Reason = b.restrict, limits.ReasonRestricted
			continue
		}
		if b.last > 0 {
			if gap := b.gapEnd(); gap > t {
				t, d.Reason = gap, limits.ReasonMinGap
				continue
			}
		}
		day, nextDay, monday := b.dayOf(t)
		if b.paused[k] > t {
			t, d.Reason = nextDay, limits.ReasonCooldown
			continue
		}
		if countSince(b.done[k], day-1) >= b.dayCap[k] {
			t, d.Reason = nextDay, limits.ReasonDailyBudget
			continue
		}
		if b.weekCap[k] > 0 {
			if countSince(b.done[k], monday-1) >= b.weekCap[k] {
				t, d.Reason = b.sched.DayStart(time.Unix(0, monday+int64(7*24*time.Hour+12*time.Hour))).UnixNano(), limits.ReasonWeeklyCap
				continue
			}
		}
		if t == t0 {
			break
		}
	}
	if t == n {
		d.At, d.Allowed, d.Reason = now, true, limits.ReasonNone
		return d
	}
	d.At = time.Unix(0, t).UTC()
	return d
}

// gapEnd is when the jittered minimum gap after the last action ends. It is worked
// out once per action: every decision until the next one asks for it, often several
// times.
func (b *baseline) gapEnd() int64 {
	if b.gapFor != b.last {
		b.gapFor, b.gapAt = b.last, b.last+int64(float64(b.minGap)*(1+0.5*uniform(b.seed, uint64(b.last), 0)))
	}
	return b.gapAt
}

// Record counts an action.
func (b *baseline) Record(a paceline.Action) {
	at := a.At.UnixNano()
	if at > b.last {
		b.last = at
	}
	k := a.Kind.Index()
	if k < 0 || a.Result != paceline.ResultDone {
		return
	}
	b.done[k] = append(b.done[k], at)
	if a.WithNote {
		b.notes = append(b.notes, at)
	}
}

// Observe stops a kind for the rest of the day on a notice, and the account during a
// restriction.
func (b *baseline) Observe(e paceline.Event) {
	switch e.Type {
	case paceline.EventLimitHit, paceline.EventWarning:
		if k := e.Kind.Index(); k >= 0 {
			b.paused[k] = b.sched.DayStart(b.sched.DayStart(e.At).Add(36 * time.Hour)).UnixNano()
		}
	case paceline.EventRestricted:
		until := e.Until
		if until.IsZero() {
			until = e.At.Add(7 * 24 * time.Hour)
		}
		b.restrict = until.UnixNano()
	}
}

// monday returns 00:00 local on the Monday of day's week.
func (b *baseline) monday(day time.Time) time.Time {
	back := (int(day.Weekday()) + 6) % 7
	y, m, d := day.Date()
	return time.Date(y, m, d-back, 0, 0, 0, 0, b.sched.Location)
}

// month returns the start of t's local calendar month and of the next.
func (b *baseline) month(t time.Time) (time.Time, time.Time) {
	y, m, _ := t.In(b.sched.Location).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, b.sched.Location), time.Date(y, m+1, 1, 0, 0, 0, 0, b.sched.Location)
}

// countSince counts the instants of the ascending slice s after since: a binary search
// for the first one after it, written out (sort.Search calls a closure at each step).
func countSince(s []int64, since int64) int {
	lo, hi := 0, len(s)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s[mid] > since {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return len(s) - lo
}
