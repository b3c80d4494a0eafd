package paceline

import (
	"context"
	"time"
)

// TaskState is where a hand-off task stands: an action a person (assist) or an
// external agent carries out for paceline, which never automates linkedin.com itself.
type TaskState string

// The task states. A task is created offered when the Pacer's slot for its action has
// come, so a person who works through the list cannot outrun the limits; it is planned
// again (not counted) when its working day ended before anyone did it.
const (
	TaskPlanned TaskState = "planned" // waits for its next slot from the Pacer
	TaskOffered TaskState = "offered" // its slot has come: a person or an agent may take it
	TaskLeased  TaskState = "leased"  // an agent holds it until the lease expires
	TaskDone    TaskState = "done"    // carried out: counts against the allowance
	TaskSkipped TaskState = "skipped" // a person chose not to do it: released
	TaskFailed  TaskState = "failed"  // could not be carried out: released
	TaskExpired TaskState = "expired" // kept for history when re-planning is impossible
)

// Open reports whether the task still waits for someone to do it.
func (s TaskState) Open() bool { return s == TaskPlanned || s == TaskOffered || s == TaskLeased }

// Valid reports whether s is one of the task states.
func (s TaskState) Valid() bool {
	switch s {
	case TaskPlanned, TaskOffered, TaskLeased, TaskDone, TaskSkipped, TaskFailed, TaskExpired:
		return true
	}
	return false
}

// Task is one action handed to a person or an agent, with everything needed to do it
// by hand: the profile link, the rendered words, and what to do in a sentence.
type Task struct {
	ID      int64
	Account string
	// Key is the idempotency key of the engine's action: one task per key.
	Key        string
	Kind       ActionKind
	Lead       string // the lead's canonical key
	ProfileURL string
	WithNote   bool
	Subject    string // an InMail's subject, if any
	Text       string // the rendered note or message, "" for actions without words
	Todo       string // what to do, as a sentence
	Campaign   string
	Step       string
	State      TaskState
	// Attempt counts the slots the task was offered at; the ledger key of the current
	// slot is Key for the first and Key#rN after N re-plans.
	Attempt int
	// Due is the slot: when the task was (or will be) offered.
	Due time.Time
	// Expires is the end of the working day of the slot, in the account's zone.
	Expires time.Time
	// Holder, LeaseID and LeaseUntil describe an agent's lease.
	Holder     string
	LeaseID    string
	LeaseUntil time.Time
	// Outcome is what the person or agent reported: sent, skipped, failed,
	// limit-notice, refused... and Note any words they added.
	Outcome   string
	DoneAt    time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SlotKey is the ledger key of the task's current slot.
func (t *Task) SlotKey() string {
	if t.Attempt <= 1 {
		return t.Key
	}
	return t.Key + "#r" + itoa(t.Attempt-1)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// TaskFilter selects tasks for a listing, oldest slot first.
type TaskFilter struct {
	Account string      // "" for every account
	Lead    string      // "" for every lead
	States  []TaskState // nil for the open ones
	Limit   int         // 0 for no limit
}

// TaskStore keeps hand-off tasks and the agents' tokens. The business rules (when a
// task is offered, what an outcome does to the ledger) live in executor/assist; the
// store only guards what must be atomic.
//
// Errors: EINVALID for bad fields, ENOTFOUND for a missing task, ECONFLICT for a state
// change that lost a race (another agent leased the task first).
type TaskStore interface {
	// CreateTask stores a task once per Key: created is false (and t filled from the
	// stored task) when the key is already known.
	CreateTask(ctx context.Context, t *Task) (created bool, err error)
	Task(ctx context.Context, id int64) (*Task, error)
	TaskByKey(ctx context.Context, key string) (*Task, error)
	Tasks(ctx context.Context, f TaskFilter) ([]*Task, error)
	// UpdateTask writes t's state, slot, lease and outcome, provided the stored state
	// is still from: a compare-and-set, so two agents never hold the same task.
	// Errors: ECONFLICT when the state moved on.
	UpdateTask(ctx context.Context, t *Task, from TaskState) error
	// SetActionResult changes the result of a completed ledger action, found by key:
	// how a reserved slot is released when its task was not carried out.
	// Errors: ENOTFOUND for an unknown key.
	SetActionResult(ctx context.Context, key string, r ActionResult) error

	// CreateAgentToken stores the hash of an agent's token, scoped to an account
	// ("" for every account). Errors: ECONFLICT for a name already used.
	CreateAgentToken(ctx context.Context, name, account, hash string) error
	// AgentTokenByHash returns the token's name and account. Errors: ENOTFOUND.
	AgentTokenByHash(ctx context.Context, hash string) (name, account string, err error)
}
