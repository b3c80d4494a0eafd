package sim

import (
	"context"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system time so far. On a machine shared with other
// work, actions per CPU second is the steadier figure; actions per wall second is the
// one a user feels.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchRun runs cfg b.N times (seeds 0, 1, ...) and reports simulated actions (every
// attempt in the ledger) per second of wall time and of CPU time. Each run does what
// Run does (the audit and every figure of the Result), and hands its room on to the
// next run as a forecast's worker does (runMemory): the engine's tables, the platform,
// the Pacers, the audit's arrays, and the ledger and reply times once they are read.
func benchRun(b *testing.B, cfg Config) {
	actions := 0
	var mem runMemory
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cfg.Seed = uint64(i)
		res, err := runWith(context.Background(), cfg, &mem)
		if err != nil {
			b.Fatal(err)
		}
		actions += len(res.Ledger.Actions)
		mem.takeLedger(res.Ledger.Actions)
		mem.takeReplies(res.RepliedAt)
	}
	b.StopTimer()
	b.ReportMetric(float64(actions)/b.Elapsed().Seconds(), "actions/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(actions)/cpu.Seconds(), "actions/cpu-s")
	}
	b.ReportMetric(float64(actions)/float64(b.N), "actions/run")
}

// BenchmarkSimulate runs 5 accounts (3 free, 2 Sales Navigator) × 3,000 leads × 12
// weeks under each strategy.
func BenchmarkSimulate(b *testing.B) {
	seats, err := ParseSeats("free:3,sales-navigator:2")
	if err != nil {
		b.Fatal(err)
	}
	leads := Leads(3000, rand.New(rand.NewPCG(1, 2)))
	for _, st := range Strategies {
		b.Run(string(st), func(b *testing.B) {
			benchRun(b, Config{Accounts: seats, Leads: leads, Weeks: 12, Strategy: st})
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
	benchRun(b, Config{Accounts: seats, Leads: Leads(50000, rand.New(rand.NewPCG(1, 2))), Weeks: 12, Strategy: Paceline})
}
