// Package actionrow is how both stores check, write and read back the actions of the
// ledger with their outbox state, and the simulated platform's record of what it
// carried out (migrations 0001 and 0003 of each store hold the same columns): the
// input checks, the errors they answer with, and the decoding of a row. The SQL stays
// in each store; what it selects is OutboxColumns or SimColumns, in the order the
// scans here read.
package actionrow

import (
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns a select names, in the order ScanOutbox and ScanSim read them.
const (
	OutboxColumns = `id, key, at, account, kind, lead, result, with_note,
		campaign, step, state`
	SimColumns = `key, at, account, lead, kind, result, with_note`
)

// CheckPlanned refuses an action that cannot be planned: it needs its idempotency key,
// and must be valid once stored with result failed (what it holds until completed).
func CheckPlanned(a *paceline.Action) error {
	if a.Key == "" {
		return paceline.FieldErrorf("key", "is empty (a planned action needs its idempotency key)")
	}
	p := *a
	p.Result = paceline.ResultFailed
	return p.Validate()
}

// KeyTaken is the error for a second action with a key already in the ledger: the
// executor's idempotency rests on it.
func KeyTaken(key string) error {
	return &paceline.Error{Code: paceline.ECONFLICT, Field: "key", Message: fmt.Sprintf(
		"action %q is already in the ledger (an action is recorded once per key)", key)}
}

// Missing is the error for an action key the ledger lacks.
func Missing(key string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no action %q in the ledger", key)
}

// MissingPlanned is the error for completing an action key no planned action has.
func MissingPlanned(key string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no planned action %q to complete", key)
}

// ScanOutbox reads a row of OutboxColumns: the action and its outbox state. N is the
// driver's scan target for the nullable key, and fromNull turns it into a key ("" for
// NULL). Its error is the driver's as it is, for the caller to say what it was doing.
func ScanOutbox[N any](r row.Scanner, fromNull func(N) string) (paceline.Action, paceline.ActionState, error) {
	var (
		a                   paceline.Action
		key                 N
		kind, result, state string
	)
	if err := r.Scan(&a.ID, &key, &a.At, &a.Account, &kind, &a.Lead, &result, &a.WithNote,
		&a.Campaign, &a.Step, &state); err != nil {
		return paceline.Action{}, "", err
	}
	a.Key, a.At, a.Kind, a.Result = fromNull(key), a.At.UTC(), paceline.ActionKind(kind), paceline.ActionResult(result)
	return a, paceline.ActionState(state), nil
}

// ScanSim reads a row of SimColumns. Its error is the driver's as it is, for the
// caller to say what it was doing.
func ScanSim(r row.Scanner) (paceline.Action, error) {
	var a paceline.Action
	var kind, result string
	if err := r.Scan(&a.Key, &a.At, &a.Account, &a.Lead, &kind, &result, &a.WithNote); err != nil {
		return paceline.Action{}, err
	}
	a.At, a.Kind, a.Result = a.At.UTC(), paceline.ActionKind(kind), paceline.ActionResult(result)
	return a, nil
}
