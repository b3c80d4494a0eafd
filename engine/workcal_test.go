package engine

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// TestAddWorkingMatchesSequence checks the seat's cached working-time arithmetic
// against sequence.AddWorking, instant and location alike, over random starts and
// spans in zones with and without DST changes, one seat (and so one cache) per
// schedule as in a run.
func TestAddWorkingMatchesSequence(t *testing.T) {
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}
	hours := []paceline.WorkingHours{
		paceline.DefaultWorkingHours,
		{Start: 0, End: 24 * 60},
		{Start: 2*60 + 30, End: 3*60 + 30}, // inside the hour a spring change skips
		{Start: 18 * 60, End: 17 * 60},     // no working time
	}
	days := []paceline.WorkingDays{paceline.DefaultWorkingDays, 1 << time.Saturday, 1<<7 - 1, 0}
	rng := rand.New(rand.NewPCG(3, 4))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, zone := range zones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skipf("no tz data for %s: %v", zone, err)
		}
		for _, h := range hours {
			for _, d := range days {
				sched := paceline.Schedule{Location: loc, Hours: h, Days: d}
				s := &seat{Account: Account{Schedule: sched}, cal: limits.NewCalendar(sched)}
				from := base
				for i := 0; i < 400; i++ {
					// Mostly forward in small steps, as an engine asks; now and then a jump.
					from = from.Add(time.Duration(rng.Int64N(int64(30 * time.Hour))))
					if i%50 == 0 {
						from = base.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
					}
					if i%3 == 0 {
						from = from.In(loc)
					}
					span := time.Duration(rng.Int64N(int64(10*sequence.Day))) / time.Minute * time.Minute
					want := sequence.AddWorking(sched, from, span)
					got := s.addWorking(from, span)
					if got != want {
						t.Fatalf("%s: addWorking(%s, %s) = %s, AddWorking says %s", sched, from, span, got, want)
					}
				}
			}
		}
	}
}
