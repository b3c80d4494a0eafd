package sequence

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// Day is the unit "d" of delays: 24 hours in calendar time, one working day in working
// time.
const Day = 24 * time.Hour

// TimeBasis says which clock a delay counts on.
type TimeBasis uint8

// The time bases.
const (
	// Calendar counts every hour of every day (the default).
	Calendar TimeBasis = iota
	// Working counts only the account's working time: "d" is one working day (the whole
	// daily window) and "h", "m" are hours and minutes inside windows. So from Monday
	// 15:00 with 09:00-18:00 on weekdays, 1d ends Tuesday 15:00 and 1d from Friday
	// 15:00 ends Monday 15:00. "w" stays 7 days: 1w is 7 working days, not a working
	// week (Warnings says so where a sequence writes it).
	Working
)

// String returns "calendar" or "working".
func (b TimeBasis) String() string {
	if b == Working {
		return "working"
	}
	return "calendar"
}

// Delay is how long a step waits: a fixed span (Min == Max) or a range from which the
// engine picks per lead, on the calendar or in working time.
type Delay struct {
	Min, Max time.Duration
	In       TimeBasis
}

// ParseDelay reads "4d", "2h", "30m", "1d12h", "1w" or a range "1d..2d", counted on the
// calendar. Units: w (7 days, in working time too), d, h, m.
func ParseDelay(s string) (Delay, error) {
	from, to, isRange := strings.Cut(strings.TrimSpace(s), "..")
	lo, err := parseSpan(from, delayExamples)
	if err != nil {
		return Delay{}, err
	}
	hi := lo
	if isRange {
		if hi, err = parseSpan(to, delayExamples); err != nil {
			return Delay{}, err
		}
		if hi < lo {
			return Delay{}, fmt.Errorf("%q ends before it starts (write the shorter span first, like 1d..2d)", s)
		}
	}
	return Delay{Min: lo, Max: hi}, nil
}

// The spans an error suggests: a delay may be a range, a timeout or min_after_accept
// may not, so each suggests only forms it accepts.
const (
	delayExamples   = "4d, 2h, 30m, 1d12h or 1d..2d"
	timeoutExamples = "14d, 21d, 3w or 10d12h"
	gapExamples     = "1h, 2h30m or 1d"
)

// parseSpan reads one span such as "1d12h"; examples are the spans its errors suggest,
// which must be valid where the span is written.
func parseSpan(s, examples string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty span (write one like %s)", examples)
	}
	if s == "0" {
		return 0, nil
	}
	var total time.Duration
	rest := s
	for rest != "" {
		i := 0
		for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("%q is not a span (write one like %s)", s, examples)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 10000 {
			return 0, fmt.Errorf("%q is too long a span", s)
		}
		var unit time.Duration
		switch rest[i] {
		case 'w':
			unit = 7 * Day
		case 'd':
			unit = Day
		case 'h':
			unit = time.Hour
		case 'm':
			unit = time.Minute
		case '.', ',':
			return 0, fmt.Errorf("%q is not a span: use whole numbers (1d12h rather than 1.5d)", s)
		default:
			return 0, fmt.Errorf("%q has an unknown unit %q (use w, d, h or m)", s, rest[i])
		}
		total += time.Duration(n) * unit
		if total > 3*365*Day {
			return 0, fmt.Errorf("%q is longer than three years", s)
		}
		rest = rest[i+1:]
	}
	return total, nil
}

// parseOneSpan reads a span where a range has no meaning (what names it: "a timeout"),
// so that a range is refused as such rather than as a span it is not.
func parseOneSpan(s, what, examples string) (time.Duration, error) {
	if strings.Contains(s, "..") {
		return 0, fmt.Errorf("%q is a range, which %s cannot be: write a single span like %s", strings.TrimSpace(s), what, examples)
	}
	return parseSpan(s, examples)
}

// String writes the delay back in the YAML form: "1d..2d", "4d in working".
func (d Delay) String() string {
	s := formatSpan(d.Min)
	if d.Max != d.Min {
		s += ".." + formatSpan(d.Max)
	}
	if d.In == Working {
		s += " in working"
	}
	return s
}

func formatSpan(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{Day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.unit
		}
	}
	if d > 0 || b.Len() == 0 {
		return b.String() + d.String()
	}
	return b.String()
}

// Pick chooses a span in [Min, Max] from a random value u, to the minute, so that the
// caller's seeded source decides and the same u gives the same span (a value derived
// from personalize.Seed(lead, step) keeps a lead's timing stable across restarts).
func (d Delay) Pick(u uint64) time.Duration {
	span := (d.Max - d.Min) / time.Minute
	if span <= 0 {
		return d.Min
	}
	return d.Min + time.Duration(u%uint64(span+1))*time.Minute
}

// From returns when a delay of span (from Pick) started at t ends: t plus span on the
// calendar, or span of working time in sched for a working-time delay. It returns the
// zero time when sched has no working time at all.
func (d Delay) From(t time.Time, span time.Duration, sched paceline.Schedule) time.Time {
	if d.In == Working {
		return AddWorking(sched, t, span)
	}
	return t.Add(span)
}

// AddWorking adds d of working time to t: whole days of d count as whole working
// windows, the rest as time inside windows. Time outside the schedule does not count.
// The result is zero when the schedule has no working time.
func AddWorking(sched paceline.Schedule, t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	if sched.Location == nil {
		sched.Location = time.UTC
	}
	remaining := d%Day + time.Duration(d/Day)*sched.Hours.Duration()
	for {
		open, close := sched.NextOpen(t)
		if open.IsZero() {
			return time.Time{}
		}
		if avail := close.Sub(open); remaining <= avail {
			return open.Add(remaining)
		} else {
			remaining -= avail
		}
		t = close
	}
}
