// Package taskrow is how both stores check, write and read back the tasks of the
// hand-off queue and the agent tokens that lease them (migration 0005 of each store
// holds the same columns): the input checks, the errors they answer with, and the
// decoding of a row. The SQL stays in each store; what it selects is Columns, in the
// order Scan reads.
package taskrow

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns a select of tasks names, in the order Scan reads them.
const Columns = `id, account, key, kind, lead, profile_url, with_note, subject, body, todo,
	campaign, step, state, attempt, due, expires_at, holder, lease_id, lease_until, outcome,
	done_at, created_at, updated_at`

// States are the states f selects, as stored; when f names none, the states of the
// tasks still to be done.
func States(f paceline.TaskFilter) []string {
	states := f.States
	if len(states) == 0 {
		states = []paceline.TaskState{paceline.TaskPlanned, paceline.TaskOffered, paceline.TaskLeased}
	}
	names := make([]string, len(states))
	for i, st := range states {
		names[i] = string(st)
	}
	return names
}

// Check refuses a task that could not be offered or found again by its action's key.
func Check(t *paceline.Task) error {
	switch {
	case t.Account == "":
		return paceline.FieldErrorf("account", "is empty (a task belongs to one account)")
	case t.Key == "":
		return paceline.FieldErrorf("key", "is empty (a task carries its action's idempotency key)")
	case !t.Kind.Valid():
		return paceline.FieldErrorf("kind", "unknown action kind %q", t.Kind)
	}
	if err := CheckState(t); err != nil {
		return err
	}
	if t.Due.IsZero() {
		return paceline.FieldErrorf("due", "is not set (a task has a slot)")
	}
	return nil
}

// CheckState refuses a task state the store does not know, before an update writes it.
func CheckState(t *paceline.Task) error {
	if !t.State.Valid() {
		return paceline.FieldErrorf("state", "unknown task state %q", t.State)
	}
	return nil
}

// Missing is the error for a task id that does not exist.
func Missing(id int64) error {
	return paceline.Errorf(paceline.ENOTFOUND, "task %d does not exist (see paceline tasks list)", id)
}

// MissingKey is the error for an action key no task carries.
func MissingKey(key string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no task for action %q", key)
}

// Moved is the error for an update that found the task no longer in state from:
// another agent or person got there first.
func Moved(id int64, from paceline.TaskState) error {
	return paceline.Errorf(paceline.ECONFLICT, "task %d is no longer %s (someone else took or finished it)", id, from)
}

// Scan reads a row of Columns. N is the driver's scan target for a nullable time, and
// fromNull turns it into a time (zero for NULL). A missing row's error is returned as
// the driver gave it, for the caller to tell apart (row.Missing).
func Scan[N any](r row.Scanner, fromNull func(N) time.Time) (*paceline.Task, error) {
	var (
		t                         paceline.Task
		kind, state               string
		expires, leaseUntil, done N
	)
	err := r.Scan(&t.ID, &t.Account, &t.Key, &kind, &t.Lead, &t.ProfileURL, &t.WithNote, &t.Subject,
		&t.Text, &t.Todo, &t.Campaign, &t.Step, &state, &t.Attempt, &t.Due, &expires, &t.Holder,
		&t.LeaseID, &leaseUntil, &t.Outcome, &done, &t.CreatedAt, &t.UpdatedAt)
	if row.Missing(err) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read task: %w", err)
	}
	t.Kind, t.State = paceline.ActionKind(kind), paceline.TaskState(state)
	t.Due, t.CreatedAt, t.UpdatedAt = t.Due.UTC(), t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	t.Expires, t.LeaseUntil, t.DoneAt = fromNull(expires), fromNull(leaseUntil), fromNull(done)
	return &t, nil
}
