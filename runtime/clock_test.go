package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
)

// The sped-up clock is part of the database: a restart continues from the furthest
// virtual instant a tick reached, at the stored speed unless told another, and time
// never runs backwards, whatever the wall clock does.
func TestClockContinuesAfterRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openSQLite(t)
	wall := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	c, err := runtime.StartClock(ctx, st, 1000)
	if err != nil {
		t.Fatal(err)
	}
	startAt := c.Now()
	c.NowFunc = func() time.Time { return time.Now().Add(time.Minute) } // one wall minute later
	v := c.Now()
	if d := v.Sub(startAt); d < 999*time.Minute || d > 1001*time.Minute {
		t.Fatalf("a wall minute at 1000x moved the clock %s", d)
	}
	// A tick reached v; the process dies; an hour of wall time passes.
	if err := st.SaveTick(ctx, addSeats(t, st, 1, wall)[0], nil, 0, v); err != nil {
		t.Fatal(err)
	}
	again, err := runtime.StartClock(ctx, st, 0)
	if err != nil {
		t.Fatal(err)
	}
	if again.Speed() != 1000 {
		t.Fatalf("speed %g after a restart without --speed, want the stored 1000", again.Speed())
	}
	if got := again.Now(); got.Before(v) || got.Sub(v) > time.Hour {
		t.Fatalf("restart continued at %s, want from %s (not the wall clock, not before)", got, v)
	}
	// Back to real time: the clock does not jump back to the wall clock either.
	real, err := runtime.StartClock(ctx, st, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := real.Now(); got.Before(v) {
		t.Fatalf("speed 1 went back to %s from %s", got, v)
	}
	if until := real.Until(v.Add(time.Hour)); until > time.Hour || until < 59*time.Minute {
		t.Fatalf("an hour ahead is %s of wall time at 1x", until)
	}
	if _, err := runtime.StartClock(ctx, st, -2); err == nil {
		t.Fatal("a negative speed was accepted")
	}
}
