package sim

import (
	"time"
)

// calendarCache remembers the account's current working window and local day, so a
// baseline's Decide, asked several times for every action, does its time-zone
// arithmetic once per window and once per day rather than on every call. Both are
// pure functions of the instant and the schedule, so the answers are the same.
type calendarCache struct {
	// from, open, close: NextOpen at from returned the working window [open, close),
	// so at any instant in [from, open) it returns open (no window lies between), and
	// at any instant in [open, close) that instant itself.
	from, open, close int64
	// days are the two latest local days asked about: a run's questions go back and
	// forth between today and tomorrow (a step pushed past today's close).
	days [2]localDay
	old  int // the entry of days to replace next
}

// localDay is one local day [day, next) and the Monday 00:00 of its week.
type localDay struct {
	day, next, monday int64
}

// nextOpen is b.sched.NextOpen at the instant t (unix nanoseconds), without the
// arithmetic while t stays in the window; ok is false when the schedule has no working
// time.
func (b *baseline) nextOpen(t int64) (open int64, ok bool) {
	c := &b.cal
	if c.close != 0 && c.from <= t && t < c.close {
		return max(t, c.open), true // the night before a window too: a step often lands there
	}
	o, closeAt := b.sched.NextOpen(time.Unix(0, t))
	if o.IsZero() {
		return 0, false
	}
	c.from, c.open, c.close = t, o.UnixNano(), closeAt.UnixNano()
	return c.open, true
}

// dayOf returns, for the instant t, local midnight of its day, of the next day and of
// that week's Monday (unix nanoseconds), as DayStart and monday compute them.
func (b *baseline) dayOf(t int64) (day, next, monday int64) {
	c := &b.cal
	for i := range c.days {
		if d := &c.days[i]; d.next != 0 && d.day <= t && t < d.next {
			c.old = 1 - i
			return d.day, d.next, d.monday
		}
	}
	d := b.sched.DayStart(time.Unix(0, t))
	e := &c.days[c.old]
	e.day, e.next, e.monday = d.UnixNano(), b.sched.DayStart(d.Add(36*time.Hour)).UnixNano(), b.monday(d).UnixNano()
	c.old = 1 - c.old
	return e.day, e.next, e.monday
}
