package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/taskrow"
)

// releaseErasedTasks frees, in the erasure's transaction, the ledger slot of each of
// the lead's assisted tasks that holds one: an offered task's slot is recorded done
// when it is offered (so that the limits count it while a person may do it), and once
// the erasure deletes the task nobody can report it, so the slot would count as a sent
// action forever. It is released as a closed task's is (assist.Desk's sweep records it
// failed), before the ledger's keys are rewritten under an alias. A task an agent holds
// under a lease that has not ended may be being carried out: the erasure is refused
// (ECONFLICT), as with an action in flight. The tasks are locked until the erasure
// commits: a lease or a report meanwhile waits for it, then finds the task gone, and
// one that committed first is read as it left the task.
func (s *Store) releaseErasedTasks(ctx context.Context, tx pgx.Tx, id int64, refs []string, now time.Time) error {
	what := fmt.Sprintf("erase lead %d: read its tasks", id)
	rows, err := tx.Query(ctx, `SELECT `+taskrow.Columns+` FROM tasks
		WHERE state IN ('offered', 'leased') AND lead = ANY($1) ORDER BY id FOR UPDATE`, refs)
	if err != nil {
		return s.fail(what, err)
	}
	var slots []string
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return s.fail(what, err)
		}
		if t.State == paceline.TaskLeased && now.Before(t.LeaseUntil) {
			rows.Close()
			return leasedTask(id, t)
		}
		slots = append(slots, t.SlotKey())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.fail(what, err)
	}
	for _, slot := range slots {
		if _, err := tx.Exec(ctx, `UPDATE actions SET result = $1 WHERE key = $2`, string(paceline.ResultFailed), slot); err != nil {
			return s.fail(fmt.Sprintf("erase lead %d: release slot %s", id, slot), err)
		}
	}
	return nil
}

// leasedTask is the error of an erasure refused because an agent holds one of the
// lead's tasks: it may be sending it, and its report must find the task.
func leasedTask(id int64, t *paceline.Task) error {
	return paceline.Errorf(paceline.ECONFLICT,
		"lead %d has task %d in flight (an agent holds it until %s); nothing was erased: run the erase again once it is reported or its lease ends",
		id, t.ID, t.LeaseUntil.UTC().Format("15:04 UTC"))
}
