package sim

import (
	"hash/fnv"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestCalendarCacheAgreesWithSchedule walks instants forward (as a run does, with
// jumps of minutes to days) across a DST change and checks the cached answers against
// the schedule's own.
func TestCalendarCacheAgreesWithSchedule(t *testing.T) {
	t.Parallel()
	for _, tz := range []string{"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"} {
		loc, err := paceline.LoadTimeZone(tz)
		if err != nil {
			t.Fatal(err)
		}
		b, err := newBaseline(paceline.TypeFree, loc, paceline.DefaultWorkingHours, true, 1, MailPerDay)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(7, 7))
		at := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC) // a week before Europe's change
		for range 5000 {
			at = at.Add(time.Duration(rng.Int64N(int64(20 * time.Hour))))
			if rng.IntN(3) == 0 {
				at = at.Add(-time.Duration(rng.Int64N(int64(time.Hour)))) // now and then an earlier question
			}
			wantOpen, _ := b.sched.NextOpen(at)
			if got := b.nextOpen(at); !got.Equal(wantOpen) {
				t.Fatalf("%s: nextOpen(%s) = %s, want %s", tz, at, got, wantOpen)
			}
			day, next, monday := b.dayOf(at)
			wantDay := b.sched.DayStart(at)
			if !day.Equal(wantDay) || !next.Equal(b.sched.DayStart(wantDay.Add(36*time.Hour))) || !monday.Equal(b.monday(wantDay)) {
				t.Fatalf("%s: dayOf(%s) = %s %s %s", tz, at, day, next, monday)
			}
		}
	}
}

func TestHashKeyIsFNV1a(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "a", "sim-000001", "linkedin.com/in/chloé-dubois", "email:ada@example.com"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := hashKey(s), h.Sum64(); got != want {
			t.Errorf("hashKey(%q) = %x, want %x", s, got, want)
		}
	}
}
