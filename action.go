package paceline

import (
	"context"
	"time"
)

// ActionResult is how an executed action ended.
type ActionResult string

// The results, as the ledger writes them.
const (
	ResultDone    ActionResult = "done"    // carried out; counts against the allowance
	ResultRefused ActionResult = "refused" // the platform refused it (e.g. limit notice)
	ResultFailed  ActionResult = "failed"  // could not be carried out
)

// Action is one line of the ledger: something an account did (or tried) at an instant.
// The ledger is the source of truth for usage: the Pacer counts from it, and the
// auditor re-checks it independently.
type Action struct {
	ID       int64
	Key      string // idempotency key: the same step of the same enrollment has one key
	At       time.Time
	Account  string
	Kind     ActionKind
	Lead     string // the lead's canonical key
	Result   ActionResult
	WithNote bool // an invite carrying a personal note
	// Campaign and Step say which sequence step the action carried out, if any.
	Campaign string
	Step     string
}

// Counts reports whether the action used up allowance. LinkedIn counts what it
// accepted; a refused or failed attempt does not consume the weekly cap.
func (a *Action) Counts() bool { return a.Result == ResultDone }

// Validate checks what every store requires of a ledger row, naming the bad field.
func (a *Action) Validate() error {
	switch {
	case a.Account == "":
		return FieldErrorf("account", "is empty (say which account acted)")
	case a.At.IsZero():
		return FieldErrorf("at", "is not set (say when the action happened)")
	case !a.Kind.Valid():
		return FieldErrorf("kind", "unknown action kind %q", a.Kind)
	}
	switch a.Result {
	case ResultDone, ResultRefused, ResultFailed:
		return nil
	}
	return FieldErrorf("result", "unknown result %q (want done, refused or failed)", a.Result)
}

// Ledger is the durable record of actions.
type Ledger interface {
	// RecordAction appends an action; the ID is set on return. Errors: ECONFLICT when an
	// action with the same non-empty Key exists.
	RecordAction(ctx context.Context, a *Action) error
	// Actions returns the account's actions with At in [since, until), oldest first.
	Actions(ctx context.Context, account string, since, until time.Time) ([]Action, error)
}
