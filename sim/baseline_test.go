package sim

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// fill lets a baseline send as many invites as it allows from start until until, and
// returns how many it sent per local calendar day.
func fill(t *testing.T, b *baseline, start, until time.Time) map[string]int {
	t.Helper()
	perDay := map[string]int{}
	now := start
	for now.Before(until) {
		d := b.Decide(now, limits.Request{Kind: paceline.KindInvite})
		if !d.Allowed {
			if d.At.IsZero() || !d.At.After(now) {
				t.Fatalf("decision at %s neither allows nor names a later instant: %+v", now, d)
			}
			now = d.At
			continue
		}
		b.Record(paceline.Action{At: now, Kind: paceline.KindInvite, Result: paceline.ResultDone})
		perDay[now.Format("Mon 01-02")]++
	}
	return perDay
}

func TestCalendarCountsDaysAndMondayWeeks(t *testing.T) {
	t.Parallel()
	// Start on a Wednesday: the calendar week holds five days, then a fresh week starts
	// on Monday whatever the last seven days held.
	wed := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	b, err := newBaseline(paceline.TypeFree, time.UTC, paceline.DefaultWorkingHours, true, 1, MailPerDay)
	if err != nil {
		t.Fatal(err)
	}
	got := fill(t, b, wed, wed.AddDate(0, 0, 7))
	want := map[string]int{"Wed 03-04": 20, "Thu 03-05": 20, "Fri 03-06": 20, "Sat 03-07": 20, "Sun 03-08": 20, "Mon 03-09": 20, "Tue 03-10": 20}
	for day, n := range want {
		if got[day] != n {
			t.Errorf("%s: %d invites, want %d (all: %v)", day, got[day], n, got)
		}
	}
	// From Wednesday to the next Tuesday that is 140 invites in one rolling week, where
	// the platform allows about 100.
	total := 0
	for _, n := range got {
		total += n
	}
	if total != 140 {
		t.Errorf("%d invites in the rolling week from Wednesday, want 140", total)
	}
}

func TestCalendarStopsAtTheWeekCap(t *testing.T) {
	t.Parallel()
	mon := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		weekly bool
		sat    int
	}{{true, 0}, {false, 20}}
	for _, tc := range tests {
		b, err := newBaseline(paceline.TypeFree, time.UTC, paceline.DefaultWorkingHours, tc.weekly, 1, MailPerDay)
		if err != nil {
			t.Fatal(err)
		}
		got := fill(t, b, mon, mon.AddDate(0, 0, 6))
		if got["Fri 03-06"] != 20 || got["Sat 03-07"] != tc.sat {
			t.Errorf("weekly %v: Friday %d, Saturday %d; want 20, %d", tc.weekly, got["Fri 03-06"], got["Sat 03-07"], tc.sat)
		}
	}
}

func TestBaselineBacksOffForTheDayAndDuringRestrictions(t *testing.T) {
	t.Parallel()
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	b, err := newBaseline(paceline.TypeFree, time.UTC, paceline.DefaultWorkingHours, true, 1, MailPerDay)
	if err != nil {
		t.Fatal(err)
	}
	b.Observe(paceline.Event{At: mon, Type: paceline.EventLimitHit, Kind: paceline.KindInvite})
	if d := b.Decide(mon, limits.Request{Kind: paceline.KindInvite}); d.Allowed || !d.At.Equal(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("after a notice: %+v, want the next morning", d)
	}
	if d := b.Decide(mon, limits.Request{Kind: paceline.KindMessage}); !d.Allowed {
		t.Errorf("a notice about invites stopped messages: %+v", d)
	}
	until := mon.Add(7 * 24 * time.Hour)
	b.Observe(paceline.Event{At: mon, Type: paceline.EventRestricted, Until: until})
	if d := b.Decide(mon, limits.Request{Kind: paceline.KindMessage}); d.Allowed || d.At.Before(until) {
		t.Errorf("during a restriction: %+v, want nothing before %s", d, until)
	}
}
