package runtime_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// BenchmarkOutbox measures the exactly-once write path with the simulated platform
// and no pacing: per action, a ledger lookup by key, the planned row, the platform's
// journal row and the completion, each committed on its own as a crash-safe run
// needs. actions/s is the head-room over real LinkedIn volumes (a few hundred actions
// per account per week).
func BenchmarkOutbox(b *testing.B) {
	for name, open := range dialects(b) {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			st := open(b)
			names := addSeats(b, st, 4, start)
			r := newRunner(st, &virtual{now: start})
			n := 0
			at := start
			b.ResetTimer()
			for b.Loop() {
				at = at.Add(time.Second)
				a := paceline.Action{Key: fmt.Sprintf("bench/%d", n), At: at, Account: names[n%len(names)],
					Kind: paceline.KindVisit, Lead: fmt.Sprintf("lead-%d", n), Campaign: "bench", Step: "look"}
				if res, err := r.Send(ctx, a); err != nil || res != paceline.ResultDone {
					b.Fatalf("send: %s %v", res, err)
				}
				n++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
		})
		// Accounts tick in parallel (several tick jobs per process, several
		// workers): 8 senders at once, one per account.
		b.Run(name+"/parallel", func(b *testing.B) {
			ctx := context.Background()
			st := open(b)
			names := addSeats(b, st, 8, start)
			r := newRunner(st, &virtual{now: start})
			var next atomic.Int64
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := next.Add(1)
					a := paceline.Action{Key: fmt.Sprintf("bench/%d", n), At: start.Add(time.Duration(n) * time.Second),
						Account: names[n%int64(len(names))], Kind: paceline.KindVisit, Lead: fmt.Sprintf("lead-%d", n),
						Campaign: "bench", Step: "look"}
					if res, err := r.Send(ctx, a); err != nil || res != paceline.ResultDone {
						b.Fatalf("send: %s %v", res, err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
		})
	}
}
