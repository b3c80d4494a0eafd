package limits

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestHastensIsSafe checks the promise engines rely on to keep cached answers: an
// event the Pacer does not say hastens kind k never makes the next slot of k earlier
// (nor turns a hard block into a slot). Random account types, histories, clocks and
// events; the Pacer before and after hearing each event answer the same question.
func TestHastensIsSafe(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	types := paceline.AccountTypes
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	checked := 0
	for round := 0; round < 60; round++ {
		cfg, err := NewConfig(types[rng.IntN(len(types))], time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Guards.MaxPending = 5 + rng.IntN(20)
		p, err := New(cfg, start)
		if err != nil {
			t.Fatal(err)
		}
		now := start
		for i := 0; i < 300; i++ {
			now = now.Add(time.Duration(rng.IntN(90)) * time.Minute)
			lead := randomLead(rng)
			k := randomKinds[rng.IntN(len(randomKinds))]
			p.Record(paceline.Action{At: now, Account: "a", Kind: k, Lead: lead, Result: paceline.ResultDone, WithNote: rng.IntN(2) == 0})
			ev := randomEvent(rng, now)
			ev.Lead = lead // an answer to the invite just sent, if it was one
			after := copyPacer(p)
			after.Observe(ev)
			for _, k := range randomKinds {
				if p.Hastens(ev, k) {
					continue
				}
				before, then := p.Decide(now, Request{Kind: k}), after.Decide(now, Request{Kind: k})
				checked++
				switch {
				case before.At.IsZero():
					if !then.At.IsZero() {
						t.Fatalf("%s lifted a hard block on %s (%s): now at %s", ev.Type, k, before.Reason, then.At)
					}
				case !then.At.IsZero() && then.At.Before(before.At):
					t.Fatalf("%s brought %s forward from %s to %s", ev.Type, k, before.At, then.At)
				}
			}
			p.Observe(ev)
		}
	}
	if checked == 0 {
		t.Fatal("no question was checked")
	}
}
