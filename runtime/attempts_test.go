package runtime

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/sequence"
)

// heldMail holds the mailbox (engine.SenderDown) for every email.
type heldMail struct{}

func (heldMail) Execute(_ context.Context, a paceline.Action) (engine.Outcome, error) {
	return engine.Outcome{Result: paceline.ResultFailed}, engine.HoldSender(errors.New("550 5.7.1 Recipient address rejected"), a.At.Add(time.Hour))
}
func (heldMail) RecordAction(context.Context, *paceline.Action) error { return nil }

// A tick's engine hears from the ledger whether the account's last attempt of each kind
// went through: a SenderDown right after an email that went out counts against the lead
// (its address may be what the server refuses), one after a failed attempt (an outage
// going on) does not. Without the replay a new engine each tick never blamed the lead.
func TestReplayLastAttempts(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 23, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		ledger []paceline.Action
		want   int // the lead's failures after its held attempt
	}{
		{"after an email that went out", []paceline.Action{
			{At: now.Add(-2 * time.Hour), Kind: paceline.KindEmail, Result: paceline.ResultFailed},
			{At: now.Add(-time.Hour), Kind: paceline.KindEmail, Result: paceline.ResultDone},
			{At: now.Add(-time.Minute), Kind: paceline.KindVisit, Result: paceline.ResultFailed}, // another kind
		}, 1},
		{"after a failed one", []paceline.Action{
			{At: now.Add(-2 * time.Hour), Kind: paceline.KindEmail, Result: paceline.ResultDone},
			{At: now.Add(-time.Hour), Kind: paceline.KindEmail, Result: paceline.ResultFailed},
		}, 0},
		{"with no email before", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := engine.New(engine.Options{Executor: heldMail{}, Ledger: heldMail{}, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
			if err := g.AddAccount(engine.Account{Name: "ann", Pacer: allowAll{}, Schedule: sched}); err != nil {
				t.Fatal(err)
			}
			seq, err := sequence.Parse([]byte("name: m\nsteps:\n  - id: mail\n    email: {subject: Hi, body: Hello}\n"))
			if err != nil {
				t.Fatal(err)
			}
			if err := g.AddCampaign(engine.Campaign{Name: "m", Sequence: seq, Accounts: []string{"ann"}}); err != nil {
				t.Fatal(err)
			}
			if err := replayLastAttempts(g, "ann", tc.ledger); err != nil {
				t.Fatal(err)
			}
			e, err := g.Enroll("m", &paceline.Lead{Email: "jo@acme.example", FirstName: "Jo"}, now)
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Step(context.Background(), now); err != nil {
				t.Fatal(err)
			}
			for g.DueNow() {
				if err := g.Step(context.Background(), now); err != nil {
					t.Fatal(err)
				}
			}
			if snap := e.Snapshot(); snap.Attempt != 1 || snap.Failures != tc.want {
				t.Errorf("after its held attempt: attempt %d, failures %d; want 1 and %d", snap.Attempt, snap.Failures, tc.want)
			}
		})
	}
}
