package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/actionrow"
	"github.com/paceline/paceline/store/internal/row"
	"github.com/paceline/paceline/store/internal/taskrow"
)

var _ paceline.TaskStore = (*Store)(nil)

// CreateTask stores a task once per key; see paceline.TaskStore.
func (s *Store) CreateTask(ctx context.Context, t *paceline.Task) (bool, error) {
	if err := taskrow.Check(t); err != nil {
		return false, err
	}
	now := s.now().UTC()
	attempt := max(t.Attempt, 1)
	err := s.db.QueryRowContext(ctx, `INSERT INTO tasks
		(account, key, kind, lead, profile_url, with_note, subject, body, todo, campaign, step,
		 state, attempt, due, expires_at, outcome, done_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING id`,
		t.Account, t.Key, string(t.Kind), t.Lead, t.ProfileURL, t.WithNote, t.Subject, t.Text, t.Todo,
		t.Campaign, t.Step, string(t.State), attempt, t.Due.UTC(), nullTime(t.Expires), t.Outcome, nullTime(t.DoneAt), now, now,
	).Scan(&t.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		stored, err := s.TaskByKey(ctx, t.Key)
		if err != nil {
			return false, err
		}
		*t = *stored
		return false, nil
	case isForeignKey(err):
		return false, missingAccount(t.Account)
	case err != nil:
		return false, fmt.Errorf("create task %s: %w", t.Key, err)
	}
	t.Attempt, t.CreatedAt, t.UpdatedAt = attempt, now, now
	return true, nil
}

// Task returns the task with the given id. Errors: ENOTFOUND.
func (s *Store) Task(ctx context.Context, id int64) (*paceline.Task, error) {
	t, err := scanTask(s.db.QueryRowContext(ctx, `SELECT `+taskrow.Columns+` FROM tasks WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, taskrow.Missing(id)
	}
	return t, err
}

// TaskByKey returns the task of an action key. Errors: ENOTFOUND.
func (s *Store) TaskByKey(ctx context.Context, key string) (*paceline.Task, error) {
	t, err := scanTask(s.db.QueryRowContext(ctx, `SELECT `+taskrow.Columns+` FROM tasks WHERE key = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, taskrow.MissingKey(key)
	}
	return t, err
}

// Tasks returns the tasks the filter selects, oldest slot first.
func (s *Store) Tasks(ctx context.Context, f paceline.TaskFilter) ([]*paceline.Task, error) {
	states := taskrow.States(f)
	var b strings.Builder
	b.WriteString(`SELECT ` + taskrow.Columns + ` FROM tasks WHERE state IN (`)
	args := make([]any, 0, len(states)+2)
	for i, st := range states {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("?")
		args = append(args, st)
	}
	b.WriteString(")")
	if f.Account != "" {
		b.WriteString(" AND account = ?")
		args = append(args, f.Account)
	}
	if f.Lead != "" {
		b.WriteString(" AND lead = ?")
		args = append(args, f.Lead)
	}
	b.WriteString(" ORDER BY due, id")
	if f.Limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	defer rows.Close()
	return row.All(rows, scanTask, failing("list tasks"))
}

// UpdateTask writes the task's changing fields if its stored state is still from.
// Errors: EINVALID for an unknown state, ENOTFOUND for a missing task, ECONFLICT when
// the state moved on (another agent or person got there first).
func (s *Store) UpdateTask(ctx context.Context, t *paceline.Task, from paceline.TaskState) error {
	if err := taskrow.CheckState(t); err != nil {
		return err
	}
	now := s.now().UTC()
	res, err := s.db.ExecContext(ctx, `UPDATE tasks SET state = ?, attempt = ?, due = ?, expires_at = ?,
		holder = ?, lease_id = ?, lease_until = ?, outcome = ?, done_at = ?, updated_at = ?
		WHERE id = ? AND state = ?`,
		string(t.State), max(t.Attempt, 1), t.Due.UTC(), nullTime(t.Expires), t.Holder, t.LeaseID,
		nullTime(t.LeaseUntil), t.Outcome, nullTime(t.DoneAt), now, t.ID, string(from))
	if err != nil {
		return fmt.Errorf("update task %d: %w", t.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update task %d: %w", t.ID, err)
	} else if n == 0 {
		if _, err := s.Task(ctx, t.ID); err != nil {
			return err
		}
		return taskrow.Moved(t.ID, from)
	}
	t.UpdatedAt = now
	return nil
}

// SetActionResult changes a completed ledger action's result. Errors: ENOTFOUND.
func (s *Store) SetActionResult(ctx context.Context, key string, r paceline.ActionResult) error {
	res, err := s.db.ExecContext(ctx, `UPDATE actions SET result = ? WHERE key = ?`, string(r), key)
	if err != nil {
		return fmt.Errorf("set result of %s: %w", key, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set result of %s: %w", key, err)
	} else if n == 0 {
		return actionrow.Missing(key)
	}
	return nil
}

// scanTask reads a row of taskrow.Columns with the driver's NULL.
func scanTask(r row.Scanner) (*paceline.Task, error) {
	return taskrow.Scan(r, fromNullTime)
}
