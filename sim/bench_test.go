package sim

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkSimulate runs 5 accounts × 3,000 leads × 12 weeks with the paceline
// strategy and reports simulated actions (attempts) per second of wall time.
func BenchmarkSimulate(b *testing.B) {
	for _, st := range Strategies {
		b.Run(string(st), func(b *testing.B) {
			seats, err := ParseSeats("free:3,sales-navigator:2")
			if err != nil {
				b.Fatal(err)
			}
			leads := Leads(3000, rand.New(rand.NewPCG(1, 2)))
			actions := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := Run(context.Background(), Config{Accounts: seats, Leads: leads, Weeks: 12, Seed: uint64(i), Strategy: st})
				if err != nil {
					b.Fatal(err)
				}
				actions += len(res.Ledger.Actions)
			}
			b.ReportMetric(float64(actions)/b.Elapsed().Seconds(), "actions/s")
		})
	}
}

// BenchmarkSimulateLarge is the scale: 100 accounts (60 free, 40 Sales
// Navigator) × 50,000 leads × 12 weeks with the paceline strategy.
func BenchmarkSimulateLarge(b *testing.B) {
	seats, err := ParseSeats("free:60,sales-navigator:40")
	if err != nil {
		b.Fatal(err)
	}
	leads := Leads(50000, rand.New(rand.NewPCG(1, 2)))
	actions := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(context.Background(), Config{Accounts: seats, Leads: leads, Weeks: 12, Seed: uint64(i), Strategy: Paceline})
		if err != nil {
			b.Fatal(err)
		}
		actions += len(res.Ledger.Actions)
	}
	b.ReportMetric(float64(actions)/b.Elapsed().Seconds(), "actions/s")
}
