package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
)

func TestStoredClockNow(t *testing.T) {
	t.Parallel()
	wall := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	jan := time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name                       string
		speed                      float64
		virtualAt, realAt, reached time.Time
		want                       time.Time
		src                        clockSource
	}{
		{"real time from the wall clock", 1, wall.Add(-time.Hour), wall.Add(-time.Hour), wall.Add(-time.Minute), wall, wallClock},
		{"real time, stored a little behind", 1, wall.Add(-2 * time.Hour), wall.Add(-time.Hour), time.Time{}, wall, wallClock},
		{"real time after a sped-up run got ahead", 1, jan, wall.Add(-time.Hour), jan, jan.Add(time.Hour), aheadClock},
		{"real time, a tick reached further", 1, jan, wall.Add(-time.Hour), jan.Add(2 * time.Hour), jan.Add(2 * time.Hour), aheadClock},
		{"sped up: where its run got to", 3000, jan.Add(-48 * time.Hour), wall.Add(-time.Minute), jan, jan, spedUpClock},
		{"sped up, never ticked", 3000, time.Time{}, time.Time{}, time.Time{}, wall, wallClock},
	} {
		got, src := storedClockNow(tc.speed, tc.virtualAt, tc.realAt, tc.reached, wall)
		if !got.Equal(tc.want) || src != tc.src {
			t.Errorf("%s: %s (%d), want %s (%d)", tc.name, got, src, tc.want, tc.src)
		}
	}
}

// After a sped-up run took a database's clock ahead of the wall clock, serve --speed 1
// goes on from there (runtime.StartClock): the commands read that same instant, not
// the wall clock, and limits show says so.
func TestCommandsReadTheRuntimeClock(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCommandsReadTheRuntimeClock)
}

func testCommandsReadTheRuntimeClock(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--executor", "sim")
	st, ok := openTestStore(t, db).(runtime.Store)
	if !ok {
		t.Fatal("the store keeps no runtime clock")
	}
	// serve --speed 3000 for about two minutes, from 2027-01-01, then SIGTERM.
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	if err := st.SetClock(ctx, 3000, start, time.Now().Add(-2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := st.SetClock(ctx, 3000, start.Add(100*time.Hour), time.Now()); err != nil {
		t.Fatal(err)
	}
	// serve --speed 1.
	clock, err := runtime.StartClock(ctx, st, 1)
	if err != nil {
		t.Fatal(err)
	}
	now, src, err := databaseNow(ctx, st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if d := clock.Now().Sub(now).Abs(); d > 5*time.Second || src != aheadClock {
		t.Fatalf("commands read %s (source %d), the runtime %s: want the same instant, ahead of the wall clock", now, src, clock.Now())
	}
	out := mustCLI(t, db, "limits", "show", "ann")
	if day := clock.Now().Format("Mon 2 Jan 2006"); !strings.Contains(out, "at "+day) || !strings.Contains(out, "ahead of the wall clock") {
		t.Errorf("limits show does not say it reads the database's clock (%s):\n%s", day, out)
	}
}
