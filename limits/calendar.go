package limits

import (
	"time"

	"github.com/paceline/paceline"
)

// localDay is what the Pacer needs to know of one local calendar day of the account.
type localDay struct {
	start, end  int64 // local midnight to the next local midnight
	open, close int64 // the day's working window
	working     bool
	// regular days have 24 hours and one UTC offset, so working time is exactly
	// [open, close); on a DST day the Pacer asks the Schedule itself.
	regular bool
}

// calendar caches the local days an account's decisions looked at. Time-zone
// arithmetic is most of a decision's cost, and consecutive decisions look at the same
// few days (over a weekend: Friday to Monday); the cache makes a decision a handful of
// comparisons.
//
// It is direct-mapped: a day lives in the slot of its number counted in 24-hour steps
// from the first local midnight the calendar met, so a look-up is one slot, not a scan.
// A day that is not 24 hours long shifts the count by an hour or two; a day may then
// sit in two slots, which costs a recomputation, never a wrong answer.
type calendar struct {
	sched  paceline.Schedule
	days   [calendarSlots]localDay
	anchor int64    // a local midnight; zero until the first day is computed
	odd    localDay // the last day too odd to cache (see compute)
	// win is the working window [open, close) the walk over regular days last found
	// from the instant from: from any instant in [from, close) the walk finds it again
	// (the days it skipped before open stay skipped), so nextOpen and Window answer
	// from it without looking the day up. Zero until a walk finds one.
	win struct{ from, open, close int64 }
}

// calendarSlots is how many days the calendar keeps: two weeks and more.
const calendarSlots = 16

// slot returns the cache slot for instant t. Before the anchor the count wraps: any
// slot is as good as another, since a look-up checks the day it finds.
func (c *calendar) slot(t int64) int {
	return int(uint64(t-c.anchor) / uint64(24*time.Hour) % calendarSlots)
}

// day returns the local day containing t, valid until the next call: a pointer into
// the cache, so a hit copies nothing.
func (c *calendar) day(t int64) *localDay {
	i := c.slot(t)
	if d := &c.days[i]; t >= d.start && t < d.end {
		return d // an empty slot has start = end = 0 and holds no t
	}
	return c.compute(t, i)
}

// compute works out the local day containing t and caches it in slot i.
func (c *calendar) compute(t int64, i int) *localDay {
	loc := c.sched.Location
	lt := time.Unix(0, t).In(loc)
	y, m, dd := lt.Date()
	start := time.Date(y, m, dd, 0, 0, 0, 0, loc)
	end := time.Date(y, m, dd+1, 0, 0, 0, 0, loc)
	open, close := c.sched.DayWindow(lt)
	_, off1 := start.Zone()
	_, off2 := end.Add(-time.Nanosecond).Zone()
	d := localDay{
		start: start.UnixNano(), end: end.UnixNano(),
		open: open.UnixNano(), close: close.UnixNano(),
		working: c.sched.Days.Has(lt.Weekday()),
		regular: end.Sub(start) == 24*time.Hour && off1 == off2,
	}
	if t < d.start || t >= d.end {
		// A zone whose midnight does not exist on this day: do not cache a day that
		// does not contain t, and take the exact path.
		d.regular = false
		d.start, d.end = t, t+1
		c.odd = d
		return &c.odd
	}
	if c.anchor == 0 {
		c.anchor = d.start
		i = c.slot(t)
	}
	c.days[i] = d
	return &c.days[i]
}

// nextOpen is Schedule.NextOpen in unix nanoseconds, from the cache on regular days.
func (c *calendar) nextOpen(t int64) (open, close int64, ok bool) {
	if w := &c.win; w.from <= t && t < w.close {
		return max(t, w.open), w.close, true
	}
	from := t
	for i := 0; i < 9; i++ {
		d := c.day(t)
		if !d.regular {
			o, cl := c.sched.NextOpen(time.Unix(0, t))
			return o.UnixNano(), cl.UnixNano(), !o.IsZero()
		}
		if d.working && t < d.close {
			c.win.from, c.win.open, c.win.close = from, d.open, d.close
			return max(t, d.open), d.close, true
		}
		t = d.end
	}
	return 0, 0, false
}

// Calendar is a working schedule's days in unix nanoseconds, from the same cache of
// local days the Pacer uses: an engine adds a working-time delay for every step of every
// lead, and Schedule.NextOpen does the time-zone arithmetic afresh each time.
type Calendar struct{ c calendar }

// NewCalendar returns the calendar of a schedule; a schedule without a zone is in UTC.
func NewCalendar(s paceline.Schedule) *Calendar {
	if s.Location == nil {
		s.Location = time.UTC
	}
	return &Calendar{c: calendar{sched: s}}
}

// Window returns the working window [open, close) that contains t or comes next, in
// unix nanoseconds; open is before t when t lies inside it. ok is false when no window
// comes within nine days or a day on the way is not a plain 24-hour day with one UTC
// offset (a DST change): the caller then asks the Schedule itself.
func (c *Calendar) Window(t int64) (open, close int64, ok bool) {
	if w := &c.c.win; w.from <= t && t < w.close {
		return w.open, w.close, true
	}
	from := t
	for i := 0; i < 9; i++ {
		d := c.c.day(t)
		if !d.regular {
			return 0, 0, false
		}
		if d.working && t < d.close {
			c.c.win.from, c.c.win.open, c.c.win.close = from, d.open, d.close
			return d.open, d.close, true
		}
		t = d.end
	}
	return 0, 0, false
}

// Location is the schedule's zone.
func (c *Calendar) Location() *time.Location { return c.c.sched.Location }
