package sim

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// A seat with its own limits.Config (a stored account's) works its own days and hours
// in its own zone, whatever the run's TimeZone, and ramps up from the day it was
// opened: an account working Mondays 09:00-11:00 in New York acted all week in UTC
// working time, and a new account at the full allowance.
func TestSeatLimitsPaceTheSeat(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := limits.NewConfig(paceline.TypeFree, ny)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Schedule.Days = 1 << time.Monday
	cfg.Schedule.Hours = paceline.WorkingHours{Start: 9 * 60, End: 11 * 60}
	run := func(seat Seat) *Result {
		t.Helper()
		res, err := Run(context.Background(), Config{Accounts: []Seat{seat}, Leads: Leads(400, rand.New(rand.NewPCG(1, 2))), Weeks: 3, Seed: 3, Strategy: Paceline})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(Seat{Name: "monday", Type: paceline.TypeFree, Limits: &cfg})
	if len(res.Ledger.Actions) == 0 {
		t.Fatal("the seat did nothing")
	}
	for _, a := range res.Ledger.Actions {
		at := a.At.In(ny)
		if at.Weekday() != time.Monday || at.Hour() < 9 || at.Hour() >= 11 {
			t.Fatalf("%s at %s, outside Mondays 09:00-11:00 New York", a.Kind, at.Format(time.RFC1123))
		}
	}
	invites := func(r *Result) int { return r.Actions[string(paceline.KindInvite)] }
	established, err := limits.NewConfig(paceline.TypeFree, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	opened := established
	opened.Opened = DefaultStart.AddDate(0, 0, -3)
	full, ramped := run(Seat{Name: "a", Type: paceline.TypeFree, Limits: &established}), run(Seat{Name: "a", Type: paceline.TypeFree, Limits: &opened})
	if invites(ramped) >= invites(full) {
		t.Errorf("an account opened 3 days before the run sent %d invites in 3 weeks, an established one %d: want fewer (warm-up)", invites(ramped), invites(full))
	}
}
