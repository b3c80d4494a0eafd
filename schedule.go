package paceline

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// WorkingHours is the daily window in which an account acts, as wall-clock minutes after
// local midnight: [Start, End). End may be 24*60 (midnight at the end of the day).
type WorkingHours struct {
	Start int
	End   int
}

// DefaultWorkingHours is 09:00-18:00.
var DefaultWorkingHours = WorkingHours{Start: 9 * 60, End: 18 * 60}

// ParseWorkingHours reads "HH:MM-HH:MM" (24-hour clock, end after start, "24:00" allowed
// as the end).
func ParseWorkingHours(s string) (WorkingHours, error) {
	bad := func(why string) (WorkingHours, error) {
		return WorkingHours{}, FieldErrorf("working-hours", "%q %s (write it like 09:00-18:00)", s, why)
	}
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return bad("has no '-' between start and end")
	}
	start, err := parseClock(strings.TrimSpace(from))
	if err != nil {
		return bad("has a bad start time: " + err.Error())
	}
	end, err := parseClock(strings.TrimSpace(to))
	if err != nil {
		return bad("has a bad end time: " + err.Error())
	}
	if start == 24*60 {
		return bad("starts at 24:00")
	}
	if end <= start {
		return bad("ends before it starts (overnight windows are not supported)")
	}
	return WorkingHours{Start: start, End: end}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return hh*60 + mm, nil
}

// String formats the window as "HH:MM-HH:MM".
func (w WorkingHours) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", w.Start/60, w.Start%60, w.End/60, w.End%60)
}

// Duration is the length of the window on a day without a DST change.
func (w WorkingHours) Duration() time.Duration { return time.Duration(w.End-w.Start) * time.Minute }

// WorkingDays is a set of weekdays, bit i set for time.Weekday(i).
type WorkingDays uint8

// DefaultWorkingDays is Monday to Friday.
const DefaultWorkingDays WorkingDays = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWorkingDays reads a comma-separated list of days and ranges, such as "mon-fri",
// "mon,wed,fri" or "sat-mon" (ranges may wrap over the weekend). Day names are the
// first three letters of the English name, in any case; full names are accepted too.
func ParseWorkingDays(s string) (WorkingDays, error) {
	bad := func(why string) (WorkingDays, error) {
		return 0, FieldErrorf("working-days", "%q %s (write it like mon-fri or mon,wed,fri)", s, why)
	}
	var set WorkingDays
	if strings.TrimSpace(s) == "" {
		return bad("names no day")
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		from, to, isRange := strings.Cut(part, "-")
		a, ok := parseDay(from)
		if !ok {
			return bad(fmt.Sprintf("has an unknown day %q", strings.TrimSpace(from)))
		}
		if !isRange {
			set |= 1 << a
			continue
		}
		b, ok := parseDay(to)
		if !ok {
			return bad(fmt.Sprintf("has an unknown day %q", strings.TrimSpace(to)))
		}
		for d := a; ; d = (d + 1) % 7 {
			set |= 1 << d
			if d == b {
				break
			}
		}
	}
	return set, nil
}

func parseDay(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 3 {
		return 0, false
	}
	for i, n := range dayNames {
		full := strings.ToLower(time.Weekday(i).String())
		if s == n || s == full {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// Has reports whether d is a working day.
func (w WorkingDays) Has(d time.Weekday) bool { return w&(1<<d) != 0 }

// Count is the number of working days in a week.
func (w WorkingDays) Count() int { return bits.OnesCount8(uint8(w) & (1<<7 - 1)) }

// String formats the set compactly, Monday first: "mon-fri", "mon,wed,fri", "sat-sun".
func (w WorkingDays) String() string {
	var parts []string
	order := [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	for i := 0; i < 7; {
		if !w.Has(order[i]) {
			i++
			continue
		}
		j := i
		for j+1 < 7 && w.Has(order[j+1]) {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, dayNames[order[i]])
		case j == i+1:
			parts = append(parts, dayNames[order[i]], dayNames[order[j]])
		default:
			parts = append(parts, dayNames[order[i]]+"-"+dayNames[order[j]])
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// LoadTimeZone loads an IANA time zone by name, with an error that names the field.
func LoadTimeZone(name string) (*time.Location, error) {
	if strings.TrimSpace(name) == "" {
		return nil, FieldErrorf("time-zone", "is empty (give an IANA name such as Europe/Paris)")
	}
	if name == "Local" {
		// time.LoadLocation accepts "Local", which would tie the account's working
		// hours to whatever machine happens to run paceline.
		return nil, FieldErrorf("time-zone", "\"Local\" depends on the machine: give the account's own IANA zone (e.g. Europe/Paris)")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, FieldErrorf("time-zone", "%q is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)", name)
	}
	return loc, nil
}

// Schedule is when an account may act: working days and hours in its own time zone.
// All computations use local wall-clock time, so they stay right across DST changes.
type Schedule struct {
	Location *time.Location
	Hours    WorkingHours
	Days     WorkingDays
}

// Contains reports whether t falls inside working time: a working day whose local wall
// clock reads within the hours. (So in the hour that repeats when clocks fall back, an
// instant whose wall clock is before the start is outside, as a person would see it.)
func (s Schedule) Contains(t time.Time) bool {
	lt := t.In(s.Location)
	if !s.Days.Has(lt.Weekday()) {
		return false
	}
	w := wallNanos(lt)
	return w >= int64(s.Hours.Start)*int64(time.Minute) && w < int64(s.Hours.End)*int64(time.Minute)
}

// wallNanos is the local wall-clock time of lt as nanoseconds after midnight.
func wallNanos(lt time.Time) int64 {
	h, m, sec := lt.Clock()
	return int64(h)*int64(time.Hour) + int64(m)*int64(time.Minute) + int64(sec)*int64(time.Second) + int64(lt.Nanosecond())
}

// dayWindow returns the working window [start, end) of the local calendar day of lt,
// whether or not that day is a working day. A wall-clock time that does not exist on a
// DST day (it falls in the skipped hour) opens or closes the window at the first instant
// after the gap, where the wall clock has passed it.
func (s Schedule) dayWindow(lt time.Time) (time.Time, time.Time) {
	y, m, d := lt.Date()
	at := func(minutes int) time.Time {
		if minutes == 24*60 {
			return time.Date(y, m, d+1, 0, 0, 0, 0, s.Location)
		}
		t := time.Date(y, m, d, minutes/60, minutes%60, 0, 0, s.Location)
		if h, mm, _ := t.Clock(); h*60+mm != minutes {
			if _, end := t.ZoneBounds(); !end.IsZero() && end.After(t) {
				return end
			}
		}
		return t
	}
	return at(s.Hours.Start), at(s.Hours.End)
}

// NextOpen returns the earliest instant at or after t inside working time, and the end
// of that working window. With no working day at all it returns zero times.
func (s Schedule) NextOpen(t time.Time) (open, close time.Time) {
	if s.Days == 0 || s.Hours.End <= s.Hours.Start {
		return time.Time{}, time.Time{}
	}
	lt := t.In(s.Location)
	for i := 0; i < 8; i++ {
		day := lt.AddDate(0, 0, i)
		if !s.Days.Has(day.Weekday()) {
			continue
		}
		start, end := s.dayWindow(day)
		if !t.Before(end) {
			continue
		}
		if !t.After(start) {
			return start, end
		}
		// Inside the window by the clock's instants; in the hour repeated when clocks
		// fall back the wall clock may read before the start again: open when it
		// reaches the start.
		if w, from := wallNanos(t.In(s.Location)), int64(s.Hours.Start)*int64(time.Minute); w < from {
			if open := t.Add(time.Duration(from - w)); open.Before(end) {
				return open, end
			}
			continue
		}
		return t, end
	}
	return time.Time{}, time.Time{}
}

// DayWindow returns the working window [start, end) of t's local calendar day, whether
// or not that day is a working day.
func (s Schedule) DayWindow(t time.Time) (start, end time.Time) {
	return s.dayWindow(t.In(s.Location))
}

// DayStart returns local midnight of t's local day, the point from which daily pacing
// budgets are counted.
func (s Schedule) DayStart(t time.Time) time.Time {
	y, m, d := t.In(s.Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, s.Location)
}

// String describes the schedule as "mon-fri 09:00-18:00 Europe/Paris".
func (s Schedule) String() string {
	name := "UTC"
	if s.Location != nil {
		name = s.Location.String()
	}
	return s.Days.String() + " " + s.Hours.String() + " " + name
}
