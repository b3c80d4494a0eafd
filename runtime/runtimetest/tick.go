package runtimetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
)

// TickFor ticks the account in virtual time for d: each tick moves *now, the time of
// the runner's clock, to the tick's Wake (a minute on when it names no later instant),
// and the last stops at now+d. A failing tick fails the test.
func TickFor(t testing.TB, r *runtime.Runner, account string, now *time.Time, d time.Duration) {
	t.Helper()
	end := now.Add(d)
	for now.Before(end) {
		res, err := r.Tick(context.Background(), account)
		if err != nil {
			t.Fatal(err)
		}
		next := res.Wake
		if next.IsZero() || next.After(end) {
			next = end
		}
		if !next.After(*now) {
			next = now.Add(time.Minute)
		}
		*now = next
	}
}
