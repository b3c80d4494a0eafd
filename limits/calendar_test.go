package limits

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestCalendarAnswersAsSchedule walks instants as a Pacer and an engine ask them
// (mostly forward, in minutes to days, now and then back or far) and checks the cached
// calendar against the schedule's own NextOpen, and Calendar.Window against a fresh
// calendar's, in zones with and without DST changes, one calendar per schedule as in a
// run: a window remembered from an earlier question must answer as the day walk does.
func TestCalendarAnswersAsSchedule(t *testing.T) {
	t.Parallel()
	zones := []string{"UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}
	hours := []paceline.WorkingHours{
		paceline.DefaultWorkingHours,
		{Start: 0, End: 24 * 60},
		{Start: 2*60 + 30, End: 3*60 + 30}, // inside the hour a spring change skips
	}
	days := []paceline.WorkingDays{paceline.DefaultWorkingDays, 1 << time.Saturday, 1<<7 - 1}
	rng := rand.New(rand.NewPCG(5, 6))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, zone := range zones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skipf("no tz data for %s: %v", zone, err)
		}
		for _, h := range hours {
			for _, d := range days {
				sched := paceline.Schedule{Location: loc, Hours: h, Days: d}
				c := &calendar{sched: sched}
				cal := NewCalendar(sched)
				at := base
				for i := 0; i < 3000; i++ {
					switch {
					case i%200 == 0:
						at = base.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
					case i%7 == 0:
						at = at.Add(-time.Duration(rng.Int64N(int64(30 * time.Hour))))
					case i%2 == 0:
						at = at.Add(time.Duration(rng.Int64N(int64(3 * time.Hour))))
					default:
						at = at.Add(time.Duration(rng.Int64N(int64(40 * time.Hour))))
					}
					n := at.UnixNano()
					wantOpen, wantClose := sched.NextOpen(at)
					open, close, ok := c.nextOpen(n)
					if ok != !wantOpen.IsZero() || ok && (open != wantOpen.UnixNano() || close != wantClose.UnixNano()) {
						t.Fatalf("%s: nextOpen(%s) = %d %d %v, want %s %s", sched, at, open, close, ok, wantOpen, wantClose)
					}
					wo, wc, wok := NewCalendar(sched).Window(n)
					if o, cl, ok := cal.Window(n); o != wo || cl != wc || ok != wok {
						t.Fatalf("%s: Window(%s) = %d %d %v, a fresh calendar says %d %d %v", sched, at, o, cl, ok, wo, wc, wok)
					}
				}
			}
		}
	}
}
