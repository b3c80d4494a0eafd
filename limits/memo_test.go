package limits

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestDecideAtAnswerAllows checks what the Pacer's memo rests on: asked again at the
// instant a "not before" answer named, with nothing recorded or observed since, a
// fresh search allows the request. It also checks that the memo never changes an
// answer: every question is put to the Pacer (memo and all) and to a copy of it without
// a memo, over random account types, zones with DST, warm-up, push-backs, and events
// stamped ahead of the clock.
func TestDecideAtAnswerAllows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	fresh := copyPacer
	settled := 0
	for round := 0; round < 150; round++ {
		loc, err := time.LoadLocation(zones[rng.IntN(len(zones))])
		if err != nil {
			t.Skipf("no tz data: %v", err)
		}
		cfg, err := NewConfig(paceline.AccountTypes[rng.IntN(len(paceline.AccountTypes))], loc)
		if err != nil {
			t.Fatal(err)
		}
		if rng.IntN(2) == 0 {
			cfg.Opened = start.Add(-time.Duration(rng.IntN(30)) * 24 * time.Hour)
		}
		cfg.Guards.MaxPending = 5 + rng.IntN(40)
		cfg.Guards.AcceptanceWindow = 2 + rng.IntN(6) // answers can pause invites soon
		cfg.Safety = 0.95
		p, err := New(cfg, start)
		if err != nil {
			t.Fatal(err)
		}
		now := start
		for i := 0; i < 300; i++ {
			now = now.Add(time.Duration(rng.IntN(200)) * time.Minute)
			k := randomKinds[rng.IntN(len(randomKinds))]
			req := Request{Kind: k, Note: k == paceline.KindInvite && rng.IntN(2) == 0}
			d := p.Decide(now, req)
			if want := fresh(p).Decide(now, req); !reflect.DeepEqual(d, want) {
				t.Fatalf("%s %s at %s: the Pacer says %+v, a fresh copy %+v", cfg.Type, k, now, d, want)
			}
			if !d.At.IsZero() && !d.Allowed {
				if again := fresh(p).Decide(d.At, req); !again.Allowed && p.st.latest <= now.UnixNano() {
					t.Fatalf("%s %s: not before %s (%s), yet a fresh search there says %s (%s)",
						cfg.Type, k, d.At, d.Reason, again.At, again.Reason)
				}
				settled++
				if rng.IntN(4) != 0 {
					switch rng.IntN(3) { // while waiting, an answer or an attempt of any kind
					case 0:
						p.Observe(randomEvent(rng, now))
					case 1:
						results := []paceline.ActionResult{paceline.ResultDone, paceline.ResultRefused, paceline.ResultFailed}
						p.Record(paceline.Action{At: now.Add(time.Duration(rng.IntN(3)) * time.Minute), Account: "a",
							Kind: randomKinds[rng.IntN(len(randomKinds))], Lead: randomLead(rng),
							Result: results[rng.IntN(len(results))], WithNote: rng.IntN(2) == 0})
					}
					now = d.At // as an engine does: ask again when told
					if got := p.Decide(now, req); !reflect.DeepEqual(got, fresh(p).Decide(now, req)) {
						t.Fatalf("%s %s at the named %s: the memo says %+v", cfg.Type, k, now, got)
					}
				}
			}
			if d.Allowed || rng.IntN(3) == 0 {
				p.Record(paceline.Action{At: now, Account: "a", Kind: k, Lead: randomLead(rng),
					Result: paceline.ResultDone, WithNote: req.Note})
			}
			if rng.IntN(4) == 0 {
				at := now
				if rng.IntN(3) == 0 {
					at = now.Add(time.Duration(rng.IntN(72)) * time.Hour) // heard ahead of the clock
				}
				p.Observe(randomEvent(rng, at))
			}
		}
	}
	if settled == 0 {
		t.Fatal("no not-before answer was checked")
	}
}
