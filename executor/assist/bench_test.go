package assist_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// BenchmarkLeaseAndFinish measures one hand-off and agent round trip at the Desk
// (task created, sweep, lease, report) on an account whose ledger holds a busy
// quarter. The ledger is replayed only when a planned task waits for a slot, so the
// cost here is the database's writes.
func BenchmarkLeaseAndFinish(b *testing.B) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	d, st, c := newDesk(b, "UTC", start)
	ctx := context.Background()
	// A quarter of history: 40 actions a working day.
	for day := range 90 {
		at := start.AddDate(0, 0, -day-1)
		for i := range 40 {
			a := paceline.Action{Key: fmt.Sprintf("old/%d/%d", day, i), At: at.Add(time.Duration(i) * 3 * time.Minute),
				Account: "alice", Kind: paceline.KindVisit, Lead: fmt.Sprintf("l%d", i), Result: paceline.ResultDone}
			if err := st.RecordAction(ctx, &a); err != nil {
				b.Fatal(err)
			}
		}
	}
	n := 0
	for b.Loop() {
		a := paceline.Action{Key: fmt.Sprintf("k%d", n), At: c.t, Account: "alice", Kind: paceline.KindVisit, Lead: fmt.Sprintf("lead-%d", n)}
		n++
		if _, err := d.Execute(ctx, a); err != nil {
			b.Fatal(err)
		}
		a.Result = paceline.ResultDone
		if err := st.RecordAction(ctx, &a); err != nil {
			b.Fatal(err)
		}
		l, err := d.Lease(ctx, "alice", "bench", time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Finish(ctx, l.ID, assist.Report{Outcome: assist.OutcomeSent, Lease: l.LeaseID}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/roundtrip")
}
