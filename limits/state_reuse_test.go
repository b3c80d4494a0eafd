package limits

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestReusedPacerDecidesAsNew drives a Pacer through a random history, hands it to
// NewReusing for another account (another type, zone, origin and guards), and drives
// the reused Pacer and one from New through the same second history: every answer must
// be the same, and nothing of the first history may show.
func TestReusedPacerDecidesAsNew(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	zones := []string{"UTC", "Europe/Berlin", "America/New_York"}
	config := func() Config {
		loc, err := time.LoadLocation(zones[rng.IntN(len(zones))])
		if err != nil {
			t.Skipf("no tz data: %v", err)
		}
		cfg, err := NewConfig(paceline.AccountTypes[rng.IntN(len(paceline.AccountTypes))], loc)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Guards.MaxPending = 5 + rng.IntN(60)
		cfg.Guards.AcceptanceWindow = 2 + rng.IntN(6)
		cfg.Safety = 0.95
		if rng.IntN(2) == 0 {
			cfg.Connections, cfg.ConnectionsAt = rng.IntN(500), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		}
		return cfg
	}
	leftovers := 0 // rounds whose first history left pending invites and resolutions
	for round := 0; round < 40; round++ {
		first := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		old, err := New(config(), first)
		if err != nil {
			t.Fatal(err)
		}
		drivePacers(t, rng, first, 400, old)
		if old.st.Pending() > 0 && len(old.st.resolved) > 0 {
			leftovers++
		}
		cfg := config()
		origin := first.Add(time.Duration(rng.IntN(60)-30) * 24 * time.Hour)
		fresh, err := New(cfg, origin)
		if err != nil {
			t.Fatal(err)
		}
		reused, err := NewReusing(cfg, origin, old)
		if err != nil {
			t.Fatal(err)
		}
		if reused != old {
			t.Fatal("NewReusing did not reuse the spare Pacer")
		}
		if n := reused.st.Pending(); n != 0 {
			t.Fatalf("round %d: the reused Pacer starts with %d pending invites", round, n)
		}
		if !reflect.DeepEqual(reused.Snapshot(origin), fresh.Snapshot(origin)) {
			t.Fatalf("round %d: reused %+v, new %+v", round, reused.Snapshot(origin), fresh.Snapshot(origin))
		}
		drivePacers(t, rng, origin, 400, reused, fresh)
	}
	if leftovers < 20 {
		t.Fatalf("only %d of 40 first histories left pending invites and resolutions to clear", leftovers)
	}
	if _, err := NewReusing(Config{}, time.Time{}, nil); err == nil {
		t.Error("NewReusing took an invalid configuration")
	}
}

// drivePacers puts the same random questions, attempts and answers to every Pacer in
// ps, from start on, and fails when their answers differ.
func drivePacers(t *testing.T, rng *rand.Rand, start time.Time, steps int, ps ...*Pacer) {
	t.Helper()
	now := start
	results := []paceline.ActionResult{paceline.ResultDone, paceline.ResultDone, paceline.ResultRefused, paceline.ResultFailed}
	for i := 0; i < steps; i++ {
		now = now.Add(time.Duration(rng.IntN(200)) * time.Minute)
		k := randomKinds[rng.IntN(len(randomKinds))]
		req := Request{Kind: k, Note: k == paceline.KindInvite && rng.IntN(2) == 0}
		want := ps[0].Decide(now, req)
		for _, p := range ps[1:] {
			if got := p.Decide(now, req); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s at %s: a reused Pacer says %+v, a new one %+v", k, now, want, got)
			}
		}
		var act *paceline.Action
		if want.Allowed || rng.IntN(3) == 0 {
			act = &paceline.Action{At: now, Account: "a", Kind: k, Lead: randomLead(rng),
				Result: results[rng.IntN(len(results))], WithNote: req.Note}
		}
		var ev *paceline.Event
		if rng.IntN(3) == 0 {
			e := randomEvent(rng, now.Add(time.Duration(rng.IntN(5))*time.Minute))
			ev = &e
		}
		for _, p := range ps {
			if act != nil {
				p.Record(*act)
			}
			if ev != nil {
				p.Observe(*ev)
			}
			if i%50 == 49 {
				p.State().Prune(now)
			}
		}
	}
}
