package limits_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// recorder carries out every action it is given and keeps them.
type recorder struct{ ledger []paceline.Action }

func (r *recorder) Execute(context.Context, paceline.Action) (engine.Outcome, error) {
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

func (r *recorder) RecordAction(_ context.Context, a *paceline.Action) error {
	r.ledger = append(r.ledger, *a)
	return nil
}

// QA's mailbox campaign, with the real Pacer and engine: a lead of a mailbox skips the
// invite (even with --cap invite=5, which the mailbox was given) and gets the email,
// instead of waiting on the invite for ever or having it failed three times.
func TestEngineSkipsLinkedInStepsOfAMailbox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // a Monday
	seq, err := sequence.Parse([]byte(`
name: m
steps:
  - id: connect
    invite: {}
  - id: mail
    email:
      subject: "Hi {{first_name}}"
      body: "Hello {{first_name}}"
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, caps := range []map[paceline.ActionKind]int{nil, {paceline.KindInvite: 5}} {
		acc := &paceline.Account{Name: "m0", Type: paceline.TypeEmail, Executor: paceline.ExecutorEmail,
			TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, Safety: 1, Caps: caps}
		cfg, err := limits.ConfigFor(acc)
		if err != nil {
			t.Fatal(err)
		}
		pacer, err := limits.New(cfg, start)
		if err != nil {
			t.Fatal(err)
		}
		r := &recorder{}
		g, err := engine.New(engine.Options{Executor: r, Ledger: r})
		if err != nil {
			t.Fatal(err)
		}
		if err := g.AddAccount(engine.Account{Name: "m0", Pacer: pacer, Schedule: cfg.Schedule}); err != nil {
			t.Fatal(err)
		}
		if err := g.AddCampaign(engine.Campaign{Name: "m0c", Sequence: seq, Accounts: []string{"m0"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := g.Enroll("m0c", &paceline.Lead{ProfileKey: "ada", FirstName: "Ada", Email: "ada@example.com"}, start); err != nil {
			t.Fatal(err)
		}
		for i := 0; g.Running() > 0 && i < 100; i++ {
			next := g.NextWake()
			if next.IsZero() || next.After(start.Add(30*24*time.Hour)) {
				break
			}
			if err := g.Step(ctx, next); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for _, a := range r.ledger {
			got = append(got, string(a.Kind)+":"+a.Step)
		}
		if want := []string{"email:mail"}; !slices.Equal(got, want) || g.Running() != 0 {
			t.Errorf("caps %v: actions %v, %d still running; want %v and none running", caps, got, g.Running(), want)
		}
	}
}
