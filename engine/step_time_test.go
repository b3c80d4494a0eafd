package engine

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestStepRefusesTimeGoingBackwards checks the order Step keeps between instants: an
// earlier instant than the last step's is refused, the same instant (in any zone) and
// a later one are not, and a first step may come at any instant, before 1970 too.
func TestStepRefusesTimeGoingBackwards(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	newEngine := func() *Engine {
		w := &world{}
		g, err := New(Options{Executor: w, Ledger: w})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	g := newEngine()
	t1 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := g.Step(ctx, t1); err != nil {
		t.Fatalf("first step: %v", err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no tz data: %v", err)
	}
	for _, at := range []time.Time{t1, t1.In(berlin), t1.Add(time.Nanosecond), t1.Add(time.Hour)} {
		if err := g.Step(ctx, at); err != nil {
			t.Fatalf("step at %s after %s: %v", at, t1, err)
		}
	}
	err = g.Step(ctx, t1.Add(time.Hour-time.Nanosecond))
	if paceline.ErrorCode(err) != paceline.EINTERNAL {
		t.Fatalf("a step a nanosecond back: %v, want %s", err, paceline.EINTERNAL)
	}
	if got := g.NextWake(); !got.IsZero() {
		t.Errorf("an engine with nothing to do wakes at %s", got)
	}
	old := newEngine()
	for _, at := range []time.Time{time.Date(1950, 1, 2, 9, 0, 0, 0, time.UTC), time.Date(1950, 1, 2, 10, 0, 0, 0, time.UTC)} {
		if err := old.Step(ctx, at); err != nil {
			t.Fatalf("step at %s: %v", at, err)
		}
	}
	if err := old.Step(ctx, time.Date(1950, 1, 2, 9, 30, 0, 0, time.UTC)); paceline.ErrorCode(err) != paceline.EINTERNAL {
		t.Fatalf("a step back in 1950: %v, want %s", err, paceline.EINTERNAL)
	}
}
