package sim

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/paceline/paceline"
)

// TestReusedMemoryRunsUnchanged runs campaigns one after another on one runMemory, as
// a forecast's worker and the benchmark do, and checks each run's Result (its whole
// ledger, every figure, the reply times) against the same run made afresh: room handed
// on from another run (another strategy, zone, seed, lead count or set of seats, with
// or without a mailbox and caps of its own) changes nothing. A forecast's run on the
// same memory in between must give the outcomes of a fresh one too.
func TestReusedMemoryRunsUnchanged(t *testing.T) {
	seats, err := ParseSeats("free:2,sales-navigator:1")
	if err != nil {
		t.Fatal(err)
	}
	more, err := ParseSeats("free:2,sales-navigator:2,premium-business:1")
	if err != nil {
		t.Fatal(err)
	}
	more[1].NoMailbox = true
	more[2].Overrides = &Overrides{Caps: map[paceline.ActionKind]int{paceline.KindInvite: 40}}
	many := Leads(800, rand.New(rand.NewPCG(3, 4)))
	few := many[:500]
	cfgs := []Config{
		{Accounts: seats, Leads: many, Weeks: 8, Strategy: Paceline, Seed: 1},
		{Accounts: seats, Leads: many, Weeks: 8, Strategy: Paceline, Seed: 2, TimeZone: "America/New_York"},
		{Accounts: seats, Leads: few, Weeks: 8, Strategy: Calendar, Seed: 3},  // room for more leads than it needs
		{Accounts: seats, Leads: many, Weeks: 8, Strategy: Daily, Seed: 4},    // room too small: allocated afresh
		{Accounts: more, Leads: many, Weeks: 10, Strategy: Paceline, Seed: 5}, // more seats than Pacers handed on
		{Accounts: seats[:1], Leads: few, Weeks: 6, Strategy: Paceline, Seed: 6},
		{Accounts: more, Leads: many, Weeks: 8, Strategy: Paceline, Seed: 7}, // the spare Pacers kept through the run before
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
		if !reflect.DeepEqual(reused.RepliedAt, fresh.RepliedAt) || reused.Violations != fresh.Violations {
			t.Errorf("run %d: reply times or violations differ on reused memory", i)
		}
		if mem.engine == nil || mem.li == nil {
			t.Fatalf("run %d gave no engine or platform back", i)
		}
		if cfg.Strategy == Paceline && len(mem.pacers) < len(cfg.Accounts) {
			t.Fatalf("run %d gave %d Pacers back for %d seats", i, len(mem.pacers), len(cfg.Accounts))
		}
		mem.takeLedger(reused.Ledger.Actions)
		mem.takeReplies(reused.RepliedAt)

		cfg.Seed += 100 // a forecast's run between two full ones, on the same memory
		want, err := runOutcomes(context.Background(), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := runOutcomes(context.Background(), cfg, &mem)
		if err != nil {
			t.Fatal(err)
		}
		got.WallSeconds, want.WallSeconds = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Errorf("forecast run %d (%s, seed %d) on reused memory: %+v, afresh %+v", i, cfg.Strategy, cfg.Seed, got, want)
		}
		mem.takeReplies(got.RepliedAt)
	}
}

// TestForecastRunsReuseMemory checks that a forecast's run hands its engine tables to
// the next run, which takes them, and keeps no ledger; and that a ledger given back
// (as the benchmark does) is the next kept ledger's room.
func TestForecastRunsReuseMemory(t *testing.T) {
	seats, err := ParseSeats("free:1")
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Accounts: seats, Leads: Leads(200, rand.New(rand.NewPCG(1, 2))), Weeks: 4, Strategy: Paceline}
	var mem runMemory
	res, err := runOutcomes(context.Background(), cfg, &mem)
	if err != nil {
		t.Fatal(err)
	}
	if mem.engine == nil {
		t.Fatal("the forecast's run gave back no engine tables")
	}
	if res.Ledger != nil || cap(mem.actions) != 0 {
		t.Errorf("the forecast's run kept a ledger (%v, room %d)", res.Ledger != nil, cap(mem.actions))
	}
	cfg.Seed = 1
	full, err := runWith(context.Background(), cfg, &mem)
	if err != nil {
		t.Fatal(err)
	}
	if mem.engine == nil {
		t.Fatal("a run gave back no engine tables")
	}
	mem.takeLedger(full.Ledger.Actions)
	room := &mem.actions[:1][0]
	cfg.Seed = 2
	r, err := newRun(cfg, &mem, true)
	if err != nil {
		t.Fatal(err)
	}
	if mem.engine != nil || mem.actions != nil {
		t.Error("the run left the memory it took in the runMemory")
	}
	if &r.ledger.actions[:1][0] != room {
		t.Error("the run's ledger does not use the room given back")
	}
}

// TestCountedOutcomesMatchTheLedger checks the counts a run keeps as it records (all a
// forecast's run keeps) against its whole ledger, and a run that keeps no ledger against
// one that does.
func TestCountedOutcomesMatchTheLedger(t *testing.T) {
	seats, err := ParseSeats("free:2,sales-navigator:1")
	if err != nil {
		t.Fatal(err)
	}
	leads := Leads(600, rand.New(rand.NewPCG(5, 6)))
	for _, st := range Strategies {
		cfg := Config{Accounts: seats, Leads: leads, Weeks: 6, Strategy: st, Seed: 9}
		full, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		want, refused := map[string]int{}, 0
		for i, a := range full.Ledger.Actions {
			if a.ID != int64(i+1) {
				t.Fatalf("%s: action %d has ID %d", st, i, a.ID)
			}
			switch a.Result {
			case paceline.ResultDone:
				want[string(a.Kind)]++
			case paceline.ResultRefused:
				refused++
			}
		}
		if len(want) < 2 || st == Daily && refused == 0 {
			t.Fatalf("%s: the run should do several kinds (and daily be refused), got %v and %d refused", st, want, refused)
		}
		counted, err := runOutcomes(context.Background(), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, res := range []*Result{full, counted} {
			if !reflect.DeepEqual(res.Actions, want) || res.Refused != refused {
				t.Errorf("%s: counted %v, %d refused; the ledger has %v, %d refused", st, res.Actions, res.Refused, want, refused)
			}
		}
	}
}
