package sim

import (
	"time"
)

// calendarCache remembers the account's current working window and local day, so a
// baseline's Decide, asked several times for every action, does its time-zone
// arithmetic once per window and once per day rather than on every call. Both are
// pure functions of the instant and the schedule, so the answers are the same.
type calendarCache struct {
	open, close int64 // the latest working window [open, close) NextOpen returned
	day, next   int64 // the latest local day [day, next)
	monday      int64 // local Monday 00:00 of that day's week
}

// nextOpen is b.sched.NextOpen(t), without the arithmetic while t stays in the window.
func (b *baseline) nextOpen(t time.Time) time.Time {
	c := &b.cal
	if n := t.UnixNano(); c.close != 0 && c.open <= n && n < c.close {
		return t
	}
	open, closeAt := b.sched.NextOpen(t)
	if !open.IsZero() {
		c.open, c.close = open.UnixNano(), closeAt.UnixNano()
	}
	return open
}

// dayOf returns local midnight of t's day, of the next day and of that week's Monday,
// as DayStart and monday compute them.
func (b *baseline) dayOf(t time.Time) (day, next, monday time.Time) {
	c := &b.cal
	if n := t.UnixNano(); c.next == 0 || n < c.day || n >= c.next {
		d := b.sched.DayStart(t)
		c.day, c.next, c.monday = d.UnixNano(), b.sched.DayStart(d.Add(36*time.Hour)).UnixNano(), b.monday(d).UnixNano()
	}
	loc := b.sched.Location
	return time.Unix(0, c.day).In(loc), time.Unix(0, c.next).In(loc), time.Unix(0, c.monday).In(loc)
}
