package sim

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// memLedger keeps a run's actions in memory, in the order they happened.
type memLedger struct{ actions []paceline.Action }

var _ engine.Recorder = (*memLedger)(nil)

func (l *memLedger) RecordAction(_ context.Context, a *paceline.Action) error {
	a.ID = int64(len(l.actions) + 1)
	l.actions = append(l.actions, *a)
	return nil
}
