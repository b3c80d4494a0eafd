package runtime

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

// allowAll lets every action go at once.
type allowAll struct{}

func (allowAll) Decide(now time.Time, req limits.Request) limits.Decision {
	return limits.Decision{Kind: req.Kind, Allowed: true, At: now}
}
func (allowAll) Record(paceline.Action) {}
func (allowAll) Observe(paceline.Event) {}

// invitesTaken does every action and remembers the leads it invited.
type invitesTaken struct{ leads []string }

func (x *invitesTaken) Execute(_ context.Context, a paceline.Action) (engine.Outcome, error) {
	if a.Kind == paceline.KindInvite {
		x.leads = append(x.leads, a.Lead)
	}
	return engine.Outcome{Result: paceline.ResultDone}, nil
}
func (x *invitesTaken) RecordAction(context.Context, *paceline.Action) error { return nil }

// A tick's engine hears of the invites its account withdrew in the last three weeks,
// from the ledger it read: a new campaign's invite to such a lead waits, and one to a
// lead whose invite was withdrawn longer ago, or whose withdrawal failed, goes at once.
func TestReplayWithdrawals(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 23, 10, 0, 0, 0, time.UTC)
	ago := func(days int) time.Time { return now.Add(-time.Duration(days) * 24 * time.Hour) }
	x := &invitesTaken{}
	g, err := engine.New(engine.Options{Executor: x, Ledger: x, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	if err := g.AddAccount(engine.Account{Name: "ann", Pacer: allowAll{}, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	seq, err := sequence.Parse([]byte("name: again\nsteps:\n  - id: connect\n    invite: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.AddCampaign(engine.Campaign{Name: "again", Sequence: seq, Accounts: []string{"ann"}}); err != nil {
		t.Fatal(err)
	}
	ledger := []paceline.Action{
		{At: ago(30), Lead: "ada", Kind: paceline.KindInvite, Result: paceline.ResultDone},
		{At: ago(10), Lead: "ada", Kind: paceline.KindWithdraw, Result: paceline.ResultDone}, // 10 days ago: waits
		{At: ago(25), Lead: "bea", Kind: paceline.KindWithdraw, Result: paceline.ResultDone}, // 25 days ago: free
		{At: ago(2), Lead: "cy", Kind: paceline.KindWithdraw, Result: paceline.ResultFailed}, // never withdrawn
		{At: ago(2), Lead: "dee", Kind: paceline.KindMessage, Result: paceline.ResultDone},
	}
	if err := replayWithdrawals(g, "ann", ledger, now); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"ada", "bea", "cy", "dee"} {
		if _, err := g.Enroll("again", &paceline.Lead{ProfileKey: key, FirstName: "X"}, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Step(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	for g.DueNow() {
		if err := g.Step(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(x.leads)
	if want := []string{"bea", "cy", "dee"}; !slices.Equal(x.leads, want) {
		t.Errorf("invited now: %v, want %v (ada's invite was withdrawn 10 days ago)", x.leads, want)
	}
	if wake := g.NextWake(); !wake.Equal(ago(10).Add(engine.ReinviteAfter)) {
		t.Errorf("next wake %s, want %s, when LinkedIn takes an invite to ada again", wake, ago(10).Add(engine.ReinviteAfter))
	}
}
