package sequence

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestParseDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src      string
		min, max time.Duration
		str      string
	}{
		{"4d", 4 * Day, 4 * Day, "4d"},
		{"2h", 2 * time.Hour, 2 * time.Hour, "2h"},
		{"30m", 30 * time.Minute, 30 * time.Minute, "30m"},
		{"1d12h", 36 * time.Hour, 36 * time.Hour, "1d12h"},
		{"1w", 7 * Day, 7 * Day, "7d"},
		{"0", 0, 0, "0"},
		{"1d..2d", Day, 2 * Day, "1d..2d"},
		{" 2h .. 1d ", 2 * time.Hour, Day, "2h..1d"},
		{"1d..1d", Day, Day, "1d"},
	}
	for _, tt := range tests {
		d, err := ParseDelay(tt.src)
		if err != nil {
			t.Errorf("ParseDelay(%q): %v", tt.src, err)
			continue
		}
		if d.Min != tt.min || d.Max != tt.max || d.In != Calendar || d.String() != tt.str {
			t.Errorf("ParseDelay(%q) = %v..%v %v %q, want %v..%v calendar %q", tt.src, d.Min, d.Max, d.In, d, tt.min, tt.max, tt.str)
		}
	}
	for _, bad := range []struct{ src, want string }{
		{"", "empty span"}, {"4", "not a span"}, {"d", "not a span"}, {"4x", "unknown unit"},
		{"2d..1d", "ends before it starts"}, {"1d..", "empty span"}, {"-1d", "not a span"},
		{"1.5d", "not a span"}, {"99999d", "too long"}, {"2000d", "longer than three years"},
		{"4D", "unknown unit"}, {"1d...2d", "not a span"},
	} {
		if _, err := ParseDelay(bad.src); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseDelay(%q) error = %v, want it to contain %q", bad.src, err, bad.want)
		}
	}
}

func TestDelayPick(t *testing.T) {
	t.Parallel()
	fixed := Delay{Min: 4 * Day, Max: 4 * Day}
	if got := fixed.Pick(12345); got != 4*Day {
		t.Errorf("fixed Pick = %v", got)
	}
	r := Delay{Min: Day, Max: 2 * Day}
	lo, hi := r.Max, r.Min
	for u := range uint64(5000) {
		u *= 0x9e3779b97f4a7c15
		got := r.Pick(u)
		if got < r.Min || got > r.Max || got%time.Minute != 0 {
			t.Fatalf("Pick(%d) = %v, outside %v or not whole minutes", u, got, r)
		}
		if got != r.Pick(u) {
			t.Fatal("Pick is not deterministic")
		}
		lo, hi = min(lo, got), max(hi, got)
	}
	if hi-lo < 23*time.Hour {
		t.Errorf("5000 picks spread only over %v..%v", lo, hi)
	}
}

func TestAddWorking(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no tz data:", err)
	}
	week := paceline.Schedule{Location: paris, Hours: paceline.WorkingHours{Start: 9 * 60, End: 18 * 60}, Days: paceline.DefaultWorkingDays}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name  string
		from  string
		d     time.Duration
		sched paceline.Schedule
		want  string
	}{
		{"one working day", "2026-03-02 15:00", Day, week, "2026-03-03 15:00"},  // Mon -> Tue
		{"over the weekend", "2026-03-06 15:00", Day, week, "2026-03-09 15:00"}, // Fri -> Mon
		{"hours within the day", "2026-03-02 10:00", 3 * time.Hour, week, "2026-03-02 13:00"},
		{"hours spill to the next day", "2026-03-02 17:00", 2 * time.Hour, week, "2026-03-03 10:00"},
		{"from outside hours", "2026-03-02 20:00", time.Hour, week, "2026-03-03 10:00"},
		{"from a Saturday", "2026-03-07 11:00", 30 * time.Minute, week, "2026-03-09 09:30"},
		{"four working days", "2026-03-04 12:00", 4 * Day, week, "2026-03-10 12:00"}, // Wed -> Tue
		// As the package doc says: 1w in working time is 7 working days, Mon -> Wed of the week after.
		{"a week of working time", "2026-01-05 10:00", 7 * Day, week, "2026-01-14 10:00"},
		{"zero", "2026-03-07 11:00", 0, week, "2026-03-07 11:00"},
		// DST starts in Paris on Sunday 29 March 2026; wall-clock hours stay 09-18.
		{"across DST", "2026-03-27 15:00", Day, week, "2026-03-30 15:00"},
		{"no working time", "2026-03-02 15:00", Day, paceline.Schedule{Location: paris, Hours: week.Hours}, "0001-01-01 00:00"},
	}
	for _, tt := range tests {
		got := AddWorking(tt.sched, at(tt.from), tt.d)
		if got.IsZero() && tt.want == "0001-01-01 00:00" {
			continue
		}
		if want := at(tt.want); !got.Equal(want) {
			t.Errorf("%s: AddWorking(%s, %v) = %s, want %s", tt.name, tt.from, tt.d, got.In(paris).Format("Mon 2006-01-02 15:04"), want.Format("Mon 2006-01-02 15:04"))
		}
	}
}

func TestDelayFrom(t *testing.T) {
	t.Parallel()
	week := paceline.Schedule{Location: time.UTC, Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays}
	fri := time.Date(2026, 3, 6, 17, 0, 0, 0, time.UTC)
	cal := Delay{Min: Day, Max: Day}
	if got := cal.From(fri, Day, week); !got.Equal(fri.Add(Day)) {
		t.Errorf("calendar From = %v", got)
	}
	work := Delay{Min: Day, Max: Day, In: Working}
	if got, want := work.From(fri, Day, week), time.Date(2026, 3, 9, 17, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("working From = %v, want %v", got, want)
	}
}

// TestSpanErrorsSuggestOnlyValidForms checks that a wait_for timeout and
// min_after_accept, which cannot be ranges, refuse one by saying so, and that no error
// of theirs suggests the range form a delay's errors do.
func TestSpanErrorsSuggestOnlyValidForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml, want string
	}{
		{"timeout range", "wait_for: {event: accepted, timeout: 1d..2d}", `wait_for timeout: "1d..2d" is a range, which a timeout cannot be: write a single span like 14d`},
		{"timeout not a span", "wait_for: {event: accepted, timeout: soon}", `wait_for timeout: "soon" is not a span (write one like 14d`},
		{"timeout empty end", "wait_for: {event: accepted, timeout: 1d..}", "is a range, which a timeout cannot be"},
		{"timeout no number", "wait_for: {event: accepted, timeout: d}", "is not a span"},
	}
	for _, tt := range tests {
		src := "name: s\nsteps:\n  - id: connect\n    invite: {}\n    " + tt.yaml + "\n"
		_, err := Parse([]byte(src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse error = %v, want it to contain %q", tt.name, err, tt.want)
			continue
		}
		msg := err.Error()
		if suggests := msg[strings.LastIndex(msg, " like "):]; strings.Contains(suggests, "..") {
			t.Errorf("%s: the error suggests a delay's forms: %v", tt.name, err)
		}
	}
	for _, gap := range []string{"1h..2h", "soon"} {
		_, err := Parse([]byte("name: s\nmin_after_accept: " + gap + "\nsteps:\n  - id: look\n    visit: {}\n"))
		if err == nil || !strings.Contains(err.Error(), "min_after_accept: ") || strings.Contains(err.Error(), "1d..2d") {
			t.Errorf("min_after_accept %s: Parse error = %v, want one that suggests no range", gap, err)
		}
		if strings.Contains(gap, "..") && !strings.Contains(err.Error(), "is a range, which min_after_accept cannot be") {
			t.Errorf("min_after_accept %s: Parse error = %v, want it to say a range is not allowed", gap, err)
		}
	}
	if _, err := ParseDelay("soon"); err == nil || !strings.Contains(err.Error(), "1d..2d") {
		t.Errorf("ParseDelay(soon) error = %v, want it to suggest a range, which a delay may be", err)
	}
}
