package assist

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// Reconciler is an executor that can also say, by key, whether it carried an action
// out: what the durable runtime needs (runtime.Executor). The Desk and sim.Platform
// are ones.
type Reconciler interface {
	engine.Executor
	Executed(ctx context.Context, key string) (engine.Outcome, bool, error)
}

// Router sends each action to the executor its account names: assist and agent
// accounts to the Desk, every other account to Other. It lets one runtime serve
// simulated and hand-off accounts side by side.
type Router struct {
	Accounts interface {
		Account(ctx context.Context, name string) (*paceline.Account, error)
	}
	Desk  *Desk
	Other Reconciler
}

var (
	_ Reconciler          = (*Router)(nil)
	_ engine.TextExecutor = (*Router)(nil)
)

// Execute hands the action to its account's executor.
func (r *Router) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	return r.ExecuteText(ctx, a, engine.Text{})
}

// ExecuteText hands the action and its rendered words to its account's executor.
func (r *Router) ExecuteText(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	acct, err := r.Accounts.Account(ctx, a.Account)
	if err != nil {
		return engine.Outcome{}, fmt.Errorf("route %s: %w", a.Key, err)
	}
	if acct.Executor == paceline.ExecutorAssist || acct.Executor == paceline.ExecutorAgent {
		return r.Desk.ExecuteText(ctx, a, t)
	}
	if r.Other == nil {
		return engine.Outcome{}, paceline.Errorf(paceline.EINVALID, "account %s uses the %s executor, which this process does not run", a.Account, acct.Executor)
	}
	if te, ok := r.Other.(engine.TextExecutor); ok {
		return te.ExecuteText(ctx, a, t)
	}
	return r.Other.Execute(ctx, a)
}

// Executed asks the Desk first (a task exists for every action it was handed), then
// Other.
func (r *Router) Executed(ctx context.Context, key string) (engine.Outcome, bool, error) {
	out, ok, err := r.Desk.Executed(ctx, key)
	if err != nil || ok || r.Other == nil {
		return out, ok, err
	}
	return r.Other.Executed(ctx, key)
}
