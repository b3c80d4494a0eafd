package webhook_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// BenchmarkDeliverDue: deliveries per second from a SQLite outbox to a loopback
// receiver that verifies each signature, in batches of 50 with 4 senders.
func BenchmarkDeliverDue(b *testing.B) {
	f := newFixture(b)
	r, _ := f.receiver(nil, 204)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.out.Enqueue(ctx, paceline.Event{Key: fmt.Sprint("ev-", i), At: t0, Account: "alice", Lead: "in:x", Type: paceline.EventReplied}); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	sent := 0
	for sent < b.N {
		res, err := f.del.DeliverDue(ctx, t0)
		if err != nil {
			b.Fatal(err)
		}
		if res.Delivered == 0 {
			b.Fatalf("nothing delivered after %d of %d", sent, b.N)
		}
		sent += res.Delivered
	}
	b.ReportMetric(float64(sent)/time.Since(start).Seconds(), "deliveries/s")
	for _, got := range r.requests() {
		if got.err != nil {
			b.Fatal(got.err)
		}
	}
}
