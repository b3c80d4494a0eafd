package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// withAccount opens a store holding one account named alice.
func withAccount(b *testing.B) *Store {
	b.Helper()
	s := openTest(b)
	a := &paceline.Account{
		Name: "alice", Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
	}
	if err := s.CreateAccount(context.Background(), a); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkRecordAction writes keyed actions one at a time, each its own transaction,
// as the executor boundary does: the figure is the ledger's write rate for one worker.
func BenchmarkRecordAction(b *testing.B) {
	s := withAccount(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		a := &paceline.Action{
			Key: fmt.Sprintf("bench-%d", i), At: clock.Add(time.Duration(i) * time.Second),
			Account: "alice", Kind: paceline.KindInvite, Lead: "linkedin:in/lead", Result: paceline.ResultDone,
		}
		if err := s.RecordAction(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}

// BenchmarkRecordActionParallel is BenchmarkRecordAction from several goroutines at
// once, as several workers sharing the database would write.
func BenchmarkRecordActionParallel(b *testing.B) {
	s := withAccount(b)
	ctx := context.Background()
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			a := &paceline.Action{
				Key: fmt.Sprintf("bench-%d", i), At: clock.Add(time.Duration(i) * time.Second),
				Account: "alice", Kind: paceline.KindInvite, Lead: "linkedin:in/lead", Result: paceline.ResultDone,
			}
			if err := s.RecordAction(ctx, a); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}

// BenchmarkActionsWeek reads one account's rolling week out of a ledger holding a month
// of several accounts, as the Pacer does before each decision.
func BenchmarkActionsWeek(b *testing.B) {
	s := withAccount(b)
	ctx := context.Background()
	for _, name := range []string{"bob", "carol"} {
		a := &paceline.Account{
			Name: name, Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
			TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
			MinGap: paceline.DefaultMinGap, Safety: 1,
		}
		if err := s.CreateAccount(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	const perDay = 200
	// One INSERT for the whole month: the set-up is not what is measured.
	if _, err := s.pool.Exec(ctx, `INSERT INTO actions (at, account, kind, result)
		SELECT $1::timestamptz + d * interval '1 day' + i * interval '2 minutes', acc, 'visit', 'done'
		FROM generate_series(0, 29) d, generate_series(0, $2 - 1) i,
		     unnest(ARRAY['alice', 'bob', 'carol']) acc
		ORDER BY 1`, clock, perDay); err != nil {
		b.Fatal(err)
	}
	until := clock.Add(30 * 24 * time.Hour)
	rows := 0
	// b.Loop runs the set-up above once, not once per round of b.N.
	for b.Loop() {
		got, err := s.Actions(ctx, "alice", until.Add(-7*24*time.Hour), until)
		if err != nil {
			b.Fatal(err)
		}
		rows = len(got)
	}
	if rows != 7*perDay {
		b.Fatalf("read %d rows, want %d", rows, 7*perDay)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "weeks/s")
}
