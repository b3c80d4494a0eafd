package engine

import (
	"context"
	"time"

	"github.com/paceline/paceline"
)

// Gate is implemented by an executor whose texts may have to wait for a person before
// they go out: the AI writer in review mode (runtime.AIText). Once the Pacer has
// granted a slot, and before the action takes it, the engine asks the executor whether
// the action may go out now. When it may not, nothing is recorded and the Pacer hears
// nothing, so the slot goes to the next step in line; the step comes back at retry (a
// minute later when retry is not after now) and is asked again. A reviewed text thus
// goes out in a slot the Pacer grants, never in a burst when a person approves a pile
// of them.
type Gate interface {
	Ready(ctx context.Context, a paceline.Action, t Text) (ok bool, retry time.Time, err error)
}

// gateRetry is the wait before asking again when a Gate gives no retry instant.
const gateRetry = time.Minute

// gated asks the executor's Gate, if it has one, whether e's action a may take its
// slot at now. When it may not, or the Gate fails, e leaves for a timer at the Gate's
// retry instant (a minute on, after a failure) and gated reports it held. It takes the
// action by pointer: without a Gate (the simulator) nothing copies it.
func (g *Engine) gated(ctx context.Context, e *Enrollment, a *paceline.Action, now time.Time) (bool, error) {
	gate := g.texts.gate
	if gate == nil || e.phase == phaseWithdraw {
		return false, nil
	}
	t := e.text
	t.Enrollment = e.ID
	ok, retry, err := gate.Ready(ctx, *a, t)
	if ok && err == nil {
		return false, nil
	}
	if err != nil || !retry.After(now) {
		retry = now.Add(gateRetry)
	}
	e.phase = phaseDelay
	g.schedule(e, retry)
	g.touch(e.seat)
	return true, err
}
