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
			if got, ok := b.nextOpen(at.UnixNano()); !ok || got != wantOpen.UnixNano() {
				t.Fatalf("%s: nextOpen(%s) = %d, %v, want %s", tz, at, got, ok, wantOpen)
			}
			day, next, monday := b.dayOf(at.UnixNano())
			wantDay := b.sched.DayStart(at)
			if day != wantDay.UnixNano() || next != b.sched.DayStart(wantDay.Add(36*time.Hour)).UnixNano() || monday != b.monday(wantDay).UnixNano() {
				t.Fatalf("%s: dayOf(%s) = %d %d %d", tz, at, day, next, monday)
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
