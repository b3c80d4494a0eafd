package sim

import (
	"context"
	"math/rand/v2"
	"testing"
)

// TestReusedMemoryRunsUnchanged runs campaigns one after another on one runMemory, as
// a forecast's worker and the benchmark do, and checks each run against the same run
// made afresh: room handed on from another run (another strategy, zone, seed or lead
// count) changes nothing.
func TestReusedMemoryRunsUnchanged(t *testing.T) {
	seats, err := ParseSeats("free:2,sales-navigator:1")
	if err != nil {
		t.Fatal(err)
	}
	many := Leads(800, rand.New(rand.NewPCG(3, 4)))
	few := many[:500]
	cfgs := []Config{
		{Accounts: seats, Leads: many, Weeks: 8, Strategy: Paceline, Seed: 1},
		{Accounts: seats, Leads: many, Weeks: 8, Strategy: Paceline, Seed: 2, TimeZone: "America/New_York"},
		{Accounts: seats, Leads: few, Weeks: 8, Strategy: Calendar, Seed: 3}, // room for more leads than it needs
		{Accounts: seats, Leads: many, Weeks: 8, Strategy: Daily, Seed: 4},   // room too small: allocated afresh
		{Accounts: seats, Leads: many, Weeks: 8, Strategy: Paceline, Seed: 1},
	}
	var mem runMemory
	for i, cfg := range cfgs {
		fresh, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		reused, err := runWith(context.Background(), cfg, &mem)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ledgerDigest(t, reused), ledgerDigest(t, fresh); got != want {
			t.Errorf("run %d (%s, seed %d) on reused memory differs from a fresh one", i, cfg.Strategy, cfg.Seed)
		}
		if mem.engine == nil {
			t.Fatalf("run %d gave no engine memory back", i)
		}
		mem.takeLedger(reused.Ledger.Actions)
	}
}

// TestForecastRunsReuseMemory checks that a forecast's run hands its engine tables and
// its ledger's room to the next run, which takes them.
func TestForecastRunsReuseMemory(t *testing.T) {
	seats, err := ParseSeats("free:1")
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Accounts: seats, Leads: Leads(200, rand.New(rand.NewPCG(1, 2))), Weeks: 4, Strategy: Paceline}
	var mem runMemory
	if _, err := runOutcomes(context.Background(), cfg, &mem); err != nil {
		t.Fatal(err)
	}
	if mem.engine == nil || cap(mem.actions) == 0 {
		t.Fatalf("the first run gave back engine tables %v and ledger room %d", mem.engine != nil, cap(mem.actions))
	}
	room := &mem.actions[:1][0]
	cfg.Seed = 1
	r, err := newRun(cfg, &mem)
	if err != nil {
		t.Fatal(err)
	}
	if mem.engine != nil || mem.actions != nil {
		t.Error("the second run left the memory it took in the runMemory")
	}
	if &r.ledger.actions[:1][0] != room {
		t.Error("the second run's ledger does not use the first run's room")
	}
}
