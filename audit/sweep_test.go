package audit

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestZoneClockMatchesTime checks the sweep's local clock against the time package:
// the weekday and the time of day of every instant, in zones with daylight saving time
// (whole-hour, half-hour and 45-minute offsets), a southern-hemisphere zone, a zone's
// local mean time before 1900 and a fixed offset in seconds, read in time order as
// Check does (so the cached offset is reused and renewed at each transition) and in
// random order (so it is renewed at nearly every instant). Instants sit on both sides
// of every transition, one second and one nanosecond apart.
func TestZoneClockMatchesTime(t *testing.T) {
	t.Parallel()
	locs := []*time.Location{time.UTC, time.FixedZone("odd", -(4*3600 + 56*60 + 2))}
	for _, name := range []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Australia/Sydney"} {
		locs = append(locs, zone(t, name))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, loc := range locs {
		var times []time.Time
		// Every transition from 1850 to 2100, and the instants around it.
		for at := time.Date(1850, 1, 1, 0, 0, 0, 0, loc); at.Year() < 2100; {
			_, end := at.ZoneBounds()
			if end.IsZero() {
				break
			}
			for _, d := range []time.Duration{-time.Second, -time.Nanosecond, 0, time.Nanosecond, time.Second, 30 * time.Minute, 6 * time.Hour} {
				times = append(times, end.Add(d))
			}
			// Past a zone's last transition its rule is applied year by year, and the
			// last day of a leap year is said to lie past the end of its zone: step over.
			if end.After(at) {
				at = end
			} else {
				at = at.Add(time.Hour)
			}
		}
		// Random instants from year -3000 to 12000, and around 1970.
		for range 3000 {
			times = append(times, time.Unix(rng.Int64N(15000*366*86400)-5000*366*86400, rng.Int64N(1e9)))
		}
		times = append(times, time.Unix(0, 0), time.Unix(-1, 0), time.Unix(-86400, 0), time.Unix(-86401, 999_999_999))
		sorted := slices.Clone(times)
		slices.SortFunc(sorted, func(a, b time.Time) int { return a.Compare(b) })
		for _, order := range [][]time.Time{sorted, times} {
			c := zoneClock{loc: loc}
			for _, at := range order {
				lt := at.In(loc)
				h, m, s := lt.Clock()
				wd, sec := c.local(at.Unix(), at)
				if wd != lt.Weekday() || sec != h*3600+m*60+s {
					t.Fatalf("%s at %v (%s): got %v %ds, want %v %ds", loc, at.UTC(), lt, wd, sec, lt.Weekday(), h*3600+m*60+s)
				}
			}
		}
	}
}

// TestZoneClockFarInstants checks the working-time verdict out where the clock hands
// over to the time package (beyond about 35,000 years from 1970) against the time
// package's own answer.
func TestZoneClockFarInstants(t *testing.T) {
	t.Parallel()
	acc := alice()
	acc.Location = zone(t, "Europe/Berlin")
	c := zoneClock{loc: acc.Location}
	for _, sec := range []int64{-clockRange - 1, -clockRange, clockRange - 1, clockRange, 1 << 50, -(1 << 50), 1<<62 + 12345} {
		for _, off := range []int64{0, 9 * 3600, 13 * 3600} {
			at := time.Unix(sec+off, 0)
			if got, want := c.inWorkingTime(&acc, at.Unix(), at), inWorkingTime(&acc, at.In(acc.Location)); got != want {
				t.Errorf("%d: inWorkingTime = %v, want %v", at.Unix(), got, want)
			}
		}
	}
}

// TestSweepSubMatchesTime checks the sweep's differences of instants against Time.Sub,
// from a nanosecond to beyond what a Duration holds (where Sub saturates).
func TestSweepSubMatchesTime(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	spans := []int64{0, 1, 1e9 - 1, 1e9, 86400e9, 7 * 86400e9, 1 << 62}
	var actions []paceline.Action
	base := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	for range 2000 {
		at := base.Add(time.Duration(rng.Int64N(1 << 40)))
		switch rng.IntN(4) {
		case 0: // centuries apart: Sub in seconds overflows a Duration
			at = at.AddDate(rng.IntN(9000)-4000, 0, 0)
		case 1:
			at = at.Add(time.Duration(spans[rng.IntN(len(spans))]))
		}
		actions = append(actions, paceline.Action{At: at})
	}
	actions = append(actions, paceline.Action{At: time.Date(-290_000_000, 1, 1, 0, 0, 0, 0, time.UTC)}, paceline.Action{At: time.Date(290_000_000, 1, 1, 0, 0, 0, 0, time.UTC)})
	history := make([]entry, len(actions))
	for i, a := range actions {
		history[i] = entry{sec: a.At.Unix(), nsec: int32(a.At.Nanosecond()), i: int32(i)}
	}
	slices.SortFunc(history, compareEntries)
	h := sweep{actions: actions, history: history}
	for range 20000 {
		p, q := rng.IntN(len(history)), rng.IntN(len(history))
		if p < q {
			p, q = q, p
		}
		if got, want := h.sub(p, q), actions[history[p].i].At.Sub(actions[history[q].i].At); got != want {
			t.Fatalf("%v - %v: got %v, want %v", actions[history[p].i].At, actions[history[q].i].At, got, want)
		}
	}
}
