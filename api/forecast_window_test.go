package api

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sim"
)

// pendingLedger is an account's ledger of 500 invites sent 8 to 20 days before start,
// none answered: a free seat may not invite until some are answered or withdrawn.
type pendingLedger struct{ start time.Time }

func (l pendingLedger) Actions(_ context.Context, _ string, since, until time.Time) ([]paceline.Action, error) {
	var out []paceline.Action
	for i := range 500 {
		at := l.start.Add(-20*24*time.Hour + time.Duration(i)*35*time.Minute)
		if !at.Before(since) && at.Before(until) {
			out = append(out, paceline.Action{At: at, Account: "ann", Kind: paceline.KindInvite, Lead: fmt.Sprintf("p%d", i), Result: paceline.ResultDone})
		}
	}
	return out, nil
}

func (pendingLedger) Events(context.Context, string, time.Time, time.Time) ([]paceline.Event, error) {
	return nil, nil
}

// A forecast of the database replays each account's ledger as far back as serve does
// (limits.History), not only its rolling week: a seat with 500 invites pending from the
// fortnight before sends no invite in the forecast's first week, as serve would not.
// With a 7-day replay it sent 95 (review C).
func TestForecastReplaysWhatServeReplays(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	seats, err := sim.ParseSeats("free:1")
	if err != nil {
		t.Fatal(err)
	}
	seats[0].Name = "ann"
	if _, _, err := withHistory(context.Background(), pendingLedger{start}, seats, start); err != nil {
		t.Fatal(err)
	}
	if seats[0].History == nil || len(seats[0].History.Actions) != 500 {
		t.Fatalf("replayed %v, want the 500 invites of the last 20 days", seats[0].History)
	}
	res, err := sim.Run(context.Background(), sim.Config{Accounts: seats, Leads: sim.Leads(300, rand.New(rand.NewPCG(1, 2))),
		Weeks: 1, Start: start, Strategy: sim.Paceline, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Actions[string(paceline.KindInvite)]; n != 0 {
		t.Errorf("the seat invited %d leads in its first week with 500 invites pending; want none", n)
	}
}
