package assist_test

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
)

// other is a platform that records what it was given.
type other struct{ keys map[string]engine.Text }

func (o *other) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	return o.ExecuteText(ctx, a, engine.Text{})
}

func (o *other) ExecuteText(_ context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	o.keys[a.Key] = t
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

func (o *other) Executed(_ context.Context, key string) (engine.Outcome, bool, error) {
	_, ok := o.keys[key]
	return engine.Outcome{Result: paceline.ResultDone}, ok, nil
}

func TestRouterByAccountExecutor(t *testing.T) {
	t.Parallel()
	d, st, _ := newDesk(t, "UTC", monday)
	ctx := context.Background()
	if err := st.CreateAccount(ctx, &paceline.Account{
		Name: "sim1", Type: paceline.TypeFree, Executor: paceline.ExecutorSim, TimeZone: "UTC",
		Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1,
	}); err != nil {
		t.Fatal(err)
	}
	o := &other{keys: map[string]engine.Text{}}
	r := &assist.Router{Accounts: st, Desk: d, Other: o}
	hand := invite("hand", "ada", monday)
	sim := invite("sim", "bob", monday)
	sim.Account = "sim1"
	for _, a := range []paceline.Action{hand, sim} {
		if out, err := r.ExecuteText(ctx, a, engine.Text{Note: "Hi"}); err != nil || out.Result != paceline.ResultDone {
			t.Fatalf("%s: %v %v", a.Key, out, err)
		}
	}
	if _, err := st.TaskByKey(ctx, "hand"); err != nil {
		t.Fatalf("the assist account's action made no task: %v", err)
	}
	if _, err := st.TaskByKey(ctx, "sim"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("the simulated account's action made a task: %v", err)
	}
	if o.keys["sim"].Note != "Hi" || len(o.keys) != 1 {
		t.Fatalf("other executor got %v", o.keys)
	}
	for key, want := range map[string]bool{"hand": true, "sim": true, "neither": false} {
		if _, ok, err := r.Executed(ctx, key); err != nil || ok != want {
			t.Errorf("Executed(%s) = %v %v, want %v", key, ok, err, want)
		}
	}
	bad := invite("x", "eve", monday)
	bad.Account = "nobody"
	if _, err := r.Execute(ctx, bad); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("unknown account: %v", err)
	}
}
