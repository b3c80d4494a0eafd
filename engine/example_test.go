package engine_test

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// platform does every action and answers an invite with an accept two hours later.
type platform struct {
	ledger []paceline.Action
	later  []paceline.Event
}

func (p *platform) Execute(_ context.Context, a paceline.Action) (engine.Outcome, error) {
	if a.Kind == paceline.KindInvite {
		p.later = append(p.later, paceline.Event{At: a.At.Add(2 * time.Hour), Account: a.Account, Lead: a.Lead, Type: paceline.EventAccepted})
	}
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

func (p *platform) RecordAction(_ context.Context, a *paceline.Action) error {
	p.ledger = append(p.ledger, *a)
	return nil
}

// The engine in virtual time: jump to the next wake-up or event, whichever comes
// first, and never poll.
func Example() {
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // a Monday
	seq, err := sequence.Parse([]byte(`
name: hello
steps:
  - id: connect
    invite: {}
    wait_for: accepted
  - id: thanks
    if: connected
    message: "Thanks for connecting!"
`))
	if err != nil {
		panic(err)
	}
	cfg, _ := limits.NewConfig(paceline.TypeFree, time.UTC) // Mon-Fri 09:00-18:00
	pacer, _ := limits.New(cfg, start)
	p := &platform{}
	g, _ := engine.New(engine.Options{Executor: p, Ledger: p})
	_ = g.AddAccount(engine.Account{Name: "alice", Pacer: pacer, Schedule: cfg.Schedule})
	_ = g.AddCampaign(engine.Campaign{Name: "q1", Sequence: seq, Accounts: []string{"alice"}})
	_, _ = g.Enroll("q1", &paceline.Lead{ProfileKey: "ada-lovelace", FirstName: "Ada"}, start)

	for g.Running() > 0 {
		next := g.NextWake()
		if len(p.later) > 0 && (next.IsZero() || !p.later[0].At.After(next)) {
			ev := p.later[0]
			p.later = p.later[1:]
			_ = g.Step(ctx, ev.At)
			g.Observe(ev)
			continue
		}
		if next.IsZero() {
			break
		}
		_ = g.Step(ctx, next)
	}
	for _, a := range p.ledger {
		fmt.Println(a.At.Format("Mon 15:04"), a.Kind, a.Lead)
	}
	// The invite goes out soon after working hours open (the Pacer jitters the first
	// slot); Ada accepts at 11:08, and the thanks waits the sequence's hour.

	// Output:
	// Mon 09:08 invite ada-lovelace
	// Mon 12:08 message ada-lovelace
}
