package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
)

// Executor carries out actions and can say, by idempotency key, whether it already
// carried one out: what reconciliation asks after a crash. sim.Platform is one.
type Executor interface {
	engine.Executor
	Executed(ctx context.Context, key string) (engine.Outcome, bool, error)
}

// outbox stands between the engine and the executor for one tick. It writes each
// action as planned before the executor sees it and completes it after; an action whose
// key the ledger already holds as done was carried out by a tick that died before it
// saved its enrollments, and is answered from the ledger instead of being sent again.
type outbox struct {
	st       Store
	ex       Executor
	metrics  *Metrics
	replayed map[string]bool
	executed int
	// fatal is a failure of the outbox itself (the database), which must end the
	// tick: the engine would otherwise take it for the executor's and record a failed
	// attempt.
	fatal     error
	executing bool
	// keys holds every key of each loaded enrollment's lead, by the lead's reference,
	// and suppressed the leads Ready found on the suppression list (suppressed.go).
	keys       map[string][]lead.Key
	suppressed []string
	// planned holds the keys Ready planned (planStep): Execute sends them without
	// planning again.
	planned map[string]bool
	// events holds, by action key, the events the executor returned with its outcome
	// (a bounce at RCPT TO): RecordAction stores them before completing the action (outcome.go).
	events map[string][]paceline.Event
	// onEvent is the runner's OnEventFunc, told of each event the outbox records;
	// log receives its errors.
	onEvent func(ctx context.Context, e paceline.Event) error
	log     *slog.Logger
}

// The outbox hands the engine's rendered texts through to executors that take them
// (the hand-off desk shows them to a person; the simulator reads only the variant).
var (
	_ engine.TextExecutor = (*outbox)(nil)
	_ engine.VariantOnly  = (*outbox)(nil)
	_ engine.Gate         = (*outbox)(nil)
)

// Execute plans the action, then has the executor carry it out (or answers from the
// ledger when the key is already done).
func (o *outbox) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	return o.run(ctx, a, func() (engine.Outcome, error) { return o.ex.Execute(ctx, a) })
}

// ExecuteText is Execute with the rendered text, passed on to an executor that takes
// texts.
func (o *outbox) ExecuteText(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	return o.run(ctx, a, func() (engine.Outcome, error) {
		if tx, ok := o.ex.(engine.TextExecutor); ok {
			return tx.ExecuteText(ctx, a, t)
		}
		return o.ex.Execute(ctx, a)
	})
}

// VariantOnly says whether the executor behind the outbox reads only the variant of
// a text (the simulator), so the engine can skip rendering words nobody reads.
func (o *outbox) VariantOnly() bool {
	v, ok := o.ex.(engine.VariantOnly)
	return ok && v.VariantOnly()
}

// Ready holds back the action of a lead on the suppression list (the tick then stops
// the enrollment), else asks the executor's Gate, when it has one (AI texts in review
// mode), whether the action may take its slot. An action the ledger already holds,
// planned by a tick that died or done, was let through before and is not asked the
// Gate again. A new action that may go is planned here (planStep), with the checks
// that its enrollment still runs and its lead has not opted out since the tick read
// them.
func (o *outbox) Ready(ctx context.Context, a paceline.Action, t engine.Text) (bool, time.Time, error) {
	switch out, err := o.optedOut(ctx, a.Lead); {
	case err != nil:
		return false, time.Time{}, err
	case out:
		o.suppressed = append(o.suppressed, a.Lead)
		return false, time.Time{}, nil
	}
	switch _, _, err := o.st.ActionByKey(ctx, a.Key); {
	case err == nil:
		return true, time.Time{}, nil
	case paceline.ErrorCode(err) != paceline.ENOTFOUND:
		return false, time.Time{}, err
	}
	if g, ok := o.ex.(engine.Gate); ok {
		ready, retry, err := g.Ready(ctx, a, t)
		if err != nil || !ready {
			return ready, retry, err
		}
	}
	return o.planStep(ctx, a)
}

// planStep plans a campaign step's action in the same statement that checks that its
// enrollment still runs and its lead is not on the suppression list. An import that
// merged the person may have stopped the enrollment after the tick read it, and an
// opt-out may have come after optedOut asked: the step is then not planned and does
// not go out. A stopped enrollment's step is dropped (the engine would ask again a
// minute later; the next tick no longer loads it, and SaveTick leaves a stopped row
// as it is); an opted-out lead's sequence stops as at Ready. An action of no campaign
// is planned by Execute.
func (o *outbox) planStep(ctx context.Context, a paceline.Action) (bool, time.Time, error) {
	if a.Campaign == "" {
		return true, time.Time{}, nil
	}
	keys := o.keys[a.Lead]
	if k, err := lead.ParseRef(a.Lead); err == nil && !slices.Contains(keys, k) {
		keys = append(slices.Clip(keys), k)
	}
	planned, out, err := o.st.PlanStep(ctx, &a, keys)
	switch {
	case err != nil:
		return false, time.Time{}, fmt.Errorf("plan %s: %w", a.Key, err)
	case out:
		o.suppressed = append(o.suppressed, a.Lead)
		return false, time.Time{}, nil
	case !planned:
		// The enrollment stopped, or its campaign was paused, since the tick read
		// them: nothing is planned or sent, and the next tick no longer loads it.
		return false, time.Time{}, nil
	}
	if o.planned == nil {
		o.planned = map[string]bool{}
	}
	o.planned[a.Key] = true
	return true, time.Time{}, nil
}

func (o *outbox) run(ctx context.Context, a paceline.Action, send func() (engine.Outcome, error)) (engine.Outcome, error) {
	out, err := o.execute(ctx, a, send)
	if err != nil && o.fatal == nil && !o.executing {
		o.fatal = err
	}
	if o.executing {
		o.keepEvents(a.Key, out.Events)
	}
	o.executing = false
	return out, err
}

func (o *outbox) execute(ctx context.Context, a paceline.Action, send func() (engine.Outcome, error)) (engine.Outcome, error) {
	if o.planned[a.Key] {
		delete(o.planned, a.Key) // planned by Ready (planStep)
		o.executed++
		o.executing = true
		return send()
	}
	prev, state, err := o.st.ActionByKey(ctx, a.Key)
	switch {
	case err == nil && state == paceline.ActionDone:
		o.replayed[a.Key] = true
		return engine.Outcome{Result: prev.Result}, nil
	case err == nil:
		// Planned by a tick that died between the plan and the executor's answer:
		// ask the executor, never send blindly.
		out, done, err := reconcile(ctx, o.st, o.ex, *prev)
		if err != nil {
			return engine.Outcome{}, err
		}
		if done {
			o.replayed[a.Key] = true
			return out, nil
		}
	case paceline.ErrorCode(err) != paceline.ENOTFOUND:
		return engine.Outcome{}, err
	}
	if err := o.st.PlanAction(ctx, &a); err != nil {
		return engine.Outcome{}, fmt.Errorf("plan %s: %w", a.Key, err)
	}
	o.executed++
	// From here on an error is the executor's: a failed attempt the engine records.
	o.executing = true
	return send()
}

// RecordAction completes the planned action with its result, or ends the tick with
// the outbox's own failure.
func (o *outbox) RecordAction(ctx context.Context, a *paceline.Action) error {
	if err := o.fatal; err != nil {
		o.fatal = nil
		return err
	}
	if o.replayed[a.Key] {
		return nil
	}
	if err := o.recordEvents(ctx, a); err != nil {
		return err
	}
	if err := o.st.CompleteAction(ctx, a); err != nil {
		return err
	}
	o.metrics.action(a)
	return nil
}

// reconcile settles an action left planned: completed with the executor's answer when
// the executor carried it out, dropped when it did not (so that the step goes out once,
// later, under the same key).
func reconcile(ctx context.Context, st Store, ex Executor, a paceline.Action) (engine.Outcome, bool, error) {
	out, done, err := ex.Executed(ctx, a.Key)
	if err != nil {
		return engine.Outcome{}, false, fmt.Errorf("reconcile %s: %w", a.Key, err)
	}
	if !done {
		return engine.Outcome{}, false, st.DropPlanned(ctx, a.Key)
	}
	a.Result = out.Result
	if a.Result == "" {
		a.Result = paceline.ResultFailed
	}
	if err := st.CompleteAction(ctx, &a); err != nil {
		return engine.Outcome{}, false, fmt.Errorf("reconcile %s: %w", a.Key, err)
	}
	return out, true, nil
}

// Send carries out one action through the outbox, outside any tick: planned in the
// ledger, executed, completed, exactly once per key (a key already done answers from
// the ledger). It is the path every tick's actions take, alone, for one-off actions
// and for measuring the write path.
func (r *Runner) Send(ctx context.Context, a paceline.Action) (paceline.ActionResult, error) {
	ob := r.outbox()
	out, err := ob.Execute(ctx, a)
	if err != nil {
		return "", err
	}
	a.Result = out.Result
	if a.Result == "" {
		a.Result = paceline.ResultFailed
	}
	if err := ob.RecordAction(ctx, &a); err != nil {
		return "", err
	}
	return a.Result, nil
}
