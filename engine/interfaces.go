package engine

import (
	"context"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// Executor carries out one action: the simulated LinkedIn, a person (assist), an
// external agent or a mailbox. It must be idempotent on the action's Key.
type Executor interface {
	Execute(ctx context.Context, a paceline.Action) (Outcome, error)
}

// Outcome is how the platform answered one action.
type Outcome struct {
	// Result is done, refused (the platform said no, e.g. a limit notice) or failed.
	Result paceline.ActionResult
	// Events the platform showed at once, with the answer: a limit notice, a warning, a
	// restriction. Later events (accepts, replies) arrive through Engine.Observe.
	Events []paceline.Event
}

// Pacer decides when one account may act and learns from what it did and saw.
// *limits.Pacer is the real one; the simulator's peer baselines implement it too, so
// that the same engine runs every strategy.
type Pacer interface {
	Decide(now time.Time, req limits.Request) limits.Decision
	Record(a paceline.Action)
	Observe(e paceline.Event)
}

// Hastener is a Pacer that knows which kinds an event may bring forward (see
// limits.Pacer.Hastens). The engine keeps its cached "not before" answers for the other
// kinds instead of asking again about every kind after every event.
type Hastener interface {
	Hastens(e paceline.Event, k paceline.ActionKind) bool
}

// AnswerHastener is a Hastener that can tell from the answer it gave whether an event may
// bring that answer forward (limits.Pacer.HastensAnswer): one held back only by
// constraints that ignore the event stands, and the engine need not ask again.
type AnswerHastener interface {
	HastensAnswer(e paceline.Event, k paceline.ActionKind, d *limits.Decision) bool
}

// DecidingInto is a Pacer that writes its answer where the caller keeps it
// (limits.Pacer.DecideInto): the engine asks about two kinds an action, and each
// answer, 120 bytes, would otherwise be returned and copied into the seat.
type DecidingInto interface {
	DecideInto(d *limits.Decision, now time.Time, req limits.Request)
}

// ActionRecorder is a Pacer that records an attempt given by pointer
// (limits.Pacer.RecordAction): the engine hands it the action it holds instead of a
// 120-byte copy through Record, once for every attempt. It must not keep a.
type ActionRecorder interface {
	RecordAction(a *paceline.Action)
}

// Recorder appends actions to the durable ledger; paceline.Ledger is one. The action
// is only valid during the call: a recorder copies what it keeps. Errors: ECONFLICT
// for a key already recorded.
type Recorder interface {
	RecordAction(ctx context.Context, a *paceline.Action) error
}

var (
	_ Pacer          = (*limits.Pacer)(nil)
	_ Hastener       = (*limits.Pacer)(nil)
	_ AnswerHastener = (*limits.Pacer)(nil)
	_ ActionRecorder = (*limits.Pacer)(nil)
	_ DecidingInto   = (*limits.Pacer)(nil)
	_ Recorder       = paceline.Ledger(nil)
)
