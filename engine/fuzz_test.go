package engine

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// FuzzEngine drives random campaigns (leads enrolled in two campaigns at random times,
// random accepts, replies and opt-outs, a random pacer gap) and checks the engine's
// promises: time never runs backwards in the ledger, nothing but a withdrawal reaches a
// lead after a stop event, no message comes within an hour of an accept, a lead never
// has two running enrollments, and every enrollment ends.
func FuzzEngine(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 42, 1 << 40} {
		f.Add(seed, uint8(20), uint8(3))
	}
	f.Fuzz(func(t *testing.T, seed uint64, nLeads, gapMinutes uint8) {
		rng := rand.New(rand.NewPCG(seed, seed^0xabcdef))
		stopped := map[string]time.Time{}
		accepted := map[string]time.Time{}
		w := &world{}
		w.react = func(a paceline.Action) []paceline.Event {
			u := rng.Float64()
			after := time.Duration(rng.IntN(72*60)) * time.Minute
			switch {
			case a.Kind == paceline.KindInvite && u < 0.5:
				return []paceline.Event{{At: a.At.Add(after), Account: a.Account, Lead: a.Lead, Type: paceline.EventAccepted}}
			case a.Kind != paceline.KindInvite && a.Kind != paceline.KindWithdraw && u < 0.2:
				return []paceline.Event{{At: a.At.Add(after), Lead: a.Lead, Type: paceline.EventReplied}}
			case u > 0.97:
				return []paceline.Event{{At: a.At.Add(after), Lead: a.Lead, Type: paceline.EventOptedOut}}
			}
			return nil
		}
		short := parseSeq(t, "name: short\nsteps:\n  - id: look\n    visit: {}\n  - id: connect\n    invite: {}\n")
		g, pacers := newEngine(t, w, []string{"a", "b"}, parseSeq(t, flowSeq), short)
		for _, p := range pacers {
			p.gap = time.Duration(1+int(gapMinutes)%120) * time.Minute
		}
		for i := range int(nLeads%60) + 1 {
			l := testLead(sprintf("l%d", rng.IntN(40)))
			if rng.IntN(2) == 0 {
				l.Email = "x@example.com"
			}
			at := t0.Add(time.Duration(rng.IntN(5*24)) * time.Hour)
			w.pending = append(w.pending, paceline.Event{At: at, Type: "enroll:" + paceline.EventKind(sprintf("c%d", 1+i%2)), Lead: l.ProfileKey})
		}
		sortEvents(w.pending)
		var last time.Time
		end := t0.Add(120 * 24 * time.Hour)
		for guard := 0; guard < 1_000_000; guard++ {
			wake := g.NextWake()
			if len(w.pending) > 0 && (wake.IsZero() || !w.pending[0].At.After(wake)) {
				ev := w.pending[0]
				w.pending = w.pending[1:]
				if err := g.Step(t.Context(), ev.At); err != nil {
					t.Fatal(err)
				}
				switch ev.Type {
				case "enroll:c1", "enroll:c2":
					if _, err := g.Enroll(string(ev.Type[len("enroll:"):]), testLead(ev.Lead), ev.At); err != nil && paceline.ErrorCode(err) != paceline.ECONFLICT {
						t.Fatal(err)
					}
					if g.Active(ev.Lead) != nil {
						delete(stopped, ev.Lead) // a new enrollment after the old one ended
					}
					continue
				case paceline.EventReplied, paceline.EventOptedOut:
					if _, ok := stopped[ev.Lead]; !ok {
						stopped[ev.Lead] = ev.At
					}
				case paceline.EventAccepted:
					if _, ok := accepted[ev.Lead]; !ok { // a person accepts once
						accepted[ev.Lead] = ev.At
					}
				}
				g.Observe(ev)
				continue
			}
			if wake.IsZero() || wake.After(end) {
				break
			}
			before := len(w.actions)
			if err := g.Step(t.Context(), wake); err != nil {
				t.Fatal(err)
			}
			for _, a := range w.actions[before:] {
				if a.At.Before(last) {
					t.Fatalf("action at %s after one at %s", a.At, last)
				}
				last = a.At
				if at, ok := stopped[a.Lead]; ok && a.At.After(at) && a.Kind != paceline.KindWithdraw {
					t.Fatalf("%s to %s at %s, after it stopped at %s", a.Kind, a.Lead, a.At, at)
				}
				if at, ok := accepted[a.Lead]; ok && a.Kind == paceline.KindMessage && a.At.Sub(at) < time.Hour {
					for _, x := range w.actions {
						if x.Lead == a.Lead {
							t.Log(x.At, x.Account, x.Kind, x.Campaign, x.Step, x.Result)
						}
					}
					t.Fatalf("message to %s %s after the accept at %s", a.Lead, a.At.Sub(at), at)
				}
			}
		}
		if n := g.Running(); n != 0 {
			t.Fatalf("%d enrollments still running after 120 days", n)
		}
	})
}

func sortEvents(evs []paceline.Event) {
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && evs[j].At.Before(evs[j-1].At); j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
}
