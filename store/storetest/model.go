package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// The ledger answers every window the way a plain list filtered and sorted in memory
// does: random actions of three accounts at random instants (many of them equal, some
// in other zones), read back through random windows, as the Pacer and the auditor read
// it. The seed is fixed so that a failure replays.
func testLedgerMatchesModel(t *testing.T, s Store) {
	ctx := context.Background()
	accounts := []string{"alice", "bob", "carol"}
	withAccounts(t, s, accounts...)
	rng := rand.New(rand.NewPCG(5, 1))
	base := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	// Instants on a coarse grid (many ties) or anywhere in two weeks, to the microsecond.
	instant := func() time.Time {
		if rng.IntN(2) == 0 {
			return base.Add(time.Duration(rng.IntN(50)) * time.Hour)
		}
		return base.Add(time.Duration(rng.Int64N(int64(14*24*time.Hour/time.Microsecond))) * time.Microsecond)
	}
	zones := []*time.Location{time.UTC, time.FixedZone("P", 5*3600+45*60), time.FixedZone("M", -9*3600-30*60)}

	var model []paceline.Action // in record order
	for i := 0; i < 300; i++ {
		a := paceline.Action{
			At: instant().In(zones[rng.IntN(len(zones))]), Account: accounts[rng.IntN(len(accounts))],
			Kind: paceline.ActionKinds[rng.IntN(len(paceline.ActionKinds))], Lead: fmt.Sprint("lead-", i),
			Result: paceline.ResultDone,
		}
		if rng.IntN(3) == 0 {
			a.Key = fmt.Sprint("key-", i)
		}
		if err := s.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
		a.At = at(a.At)
		model = append(model, a)
	}
	for w := 0; w < 60; w++ {
		account := accounts[rng.IntN(len(accounts))]
		since, until := instant(), instant()
		if rng.IntN(4) == 0 {
			until = since.Add(7 * 24 * time.Hour) // the rolling week
		}
		var want []paceline.Action
		for _, a := range model {
			if a.Account == account && !a.At.Before(since) && a.At.Before(until) {
				want = append(want, a)
			}
		}
		// Stable: equal instants keep record order.
		slices.SortStableFunc(want, func(x, y paceline.Action) int { return x.At.Compare(y.At) })
		got, err := s.Actions(ctx, account, since, until)
		if err != nil {
			t.Fatal(err)
		}
		got = gotActions(t, got)
		if len(got) != len(want) {
			t.Fatalf("window %d, %s [%v, %v): %d actions, want %d", w, account, since, until, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("window %d, %s [%v, %v), row %d:\n got %+v\nwant %+v", w, account, since, until, i, got[i], want[i])
			}
		}
	}
}
