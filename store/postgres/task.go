package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/actionrow"
	"github.com/paceline/paceline/store/internal/row"
	"github.com/paceline/paceline/store/internal/taskrow"
)

// The task queries are written with plain pgx rather than through sqlc (regenerating
// takes longer than they are worth); they mirror store/sqlite/task*.go statement for
// statement.

var _ paceline.TaskStore = (*Store)(nil)

// CreateTask stores a task once per key; see paceline.TaskStore.
func (s *Store) CreateTask(ctx context.Context, t *paceline.Task) (bool, error) {
	if err := taskrow.Check(t); err != nil {
		return false, err
	}
	now := dbTime(s.now())
	attempt := max(t.Attempt, 1)
	err := s.pool.QueryRow(ctx, `INSERT INTO tasks
		(account, key, kind, lead, profile_url, with_note, subject, body, todo, campaign, step,
		 state, attempt, due, expires_at, outcome, done_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
		ON CONFLICT (key) DO NOTHING RETURNING id`,
		t.Account, t.Key, string(t.Kind), t.Lead, t.ProfileURL, t.WithNote, t.Subject, t.Text, t.Todo,
		t.Campaign, t.Step, string(t.State), attempt, dbTime(t.Due), nullTime(t.Expires), t.Outcome, nullTime(t.DoneAt), now,
	).Scan(&t.ID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		stored, err := s.TaskByKey(ctx, t.Key)
		if err != nil {
			return false, err
		}
		*t = *stored
		return false, nil
	case isForeignKey(err):
		return false, missingAccount(t.Account)
	case err != nil:
		return false, s.fail("create task "+t.Key, err)
	}
	t.Attempt, t.CreatedAt, t.UpdatedAt, t.Due, t.Expires = attempt, now, now, dbTime(t.Due), fromNullTime(nullTime(t.Expires))
	return true, nil
}

// Task returns the task with the given id. Errors: ENOTFOUND.
func (s *Store) Task(ctx context.Context, id int64) (*paceline.Task, error) {
	t, err := scanTask(s.pool.QueryRow(ctx, `SELECT `+taskrow.Columns+` FROM tasks WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, taskrow.Missing(id)
	}
	return t, err
}

// TaskByKey returns the task of an action key. Errors: ENOTFOUND.
func (s *Store) TaskByKey(ctx context.Context, key string) (*paceline.Task, error) {
	t, err := scanTask(s.pool.QueryRow(ctx, `SELECT `+taskrow.Columns+` FROM tasks WHERE key = $1`, key))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, taskrow.MissingKey(key)
	}
	return t, err
}

// Tasks returns the tasks the filter selects, oldest slot first.
func (s *Store) Tasks(ctx context.Context, f paceline.TaskFilter) ([]*paceline.Task, error) {
	var b strings.Builder
	b.WriteString(`SELECT ` + taskrow.Columns + ` FROM tasks WHERE state = ANY($1)`)
	args := []any{taskrow.States(f)}
	if f.Account != "" {
		args = append(args, f.Account)
		fmt.Fprintf(&b, " AND account = $%d", len(args))
	}
	if f.Lead != "" {
		args = append(args, f.Lead)
		fmt.Fprintf(&b, " AND lead = $%d", len(args))
	}
	b.WriteString(" ORDER BY due, id")
	if f.Limit > 0 {
		args = append(args, f.Limit)
		fmt.Fprintf(&b, " LIMIT $%d", len(args))
	}
	rows, err := s.pool.Query(ctx, b.String(), args...)
	if err != nil {
		return nil, s.fail("list tasks", err)
	}
	defer rows.Close()
	return row.All(rows, scanTask, s.failing("list tasks"))
}

// UpdateTask writes the task's changing fields if its stored state is still from.
// Errors: EINVALID, ENOTFOUND, ECONFLICT (see paceline.TaskStore).
func (s *Store) UpdateTask(ctx context.Context, t *paceline.Task, from paceline.TaskState) error {
	if err := taskrow.CheckState(t); err != nil {
		return err
	}
	now := dbTime(s.now())
	tag, err := s.pool.Exec(ctx, `UPDATE tasks SET state = $1, attempt = $2, due = $3, expires_at = $4,
		holder = $5, lease_id = $6, lease_until = $7, outcome = $8, done_at = $9, updated_at = $10
		WHERE id = $11 AND state = $12`,
		string(t.State), max(t.Attempt, 1), dbTime(t.Due), nullTime(t.Expires), t.Holder, t.LeaseID,
		nullTime(t.LeaseUntil), t.Outcome, nullTime(t.DoneAt), now, t.ID, string(from))
	if err != nil {
		return s.fail(fmt.Sprintf("update task %d", t.ID), err)
	}
	if tag.RowsAffected() == 0 {
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
	tag, err := s.pool.Exec(ctx, `UPDATE actions SET result = $1 WHERE key = $2`, string(r), key)
	if err != nil {
		return s.fail("set result of "+key, err)
	}
	if tag.RowsAffected() == 0 {
		return actionrow.Missing(key)
	}
	return nil
}

// scanTask reads a row of taskrow.Columns with the driver's NULL.
func scanTask(r row.Scanner) (*paceline.Task, error) {
	return taskrow.Scan(r, fromNullTime)
}

// CreateAgentToken stores the hash of an agent's token. Errors: EINVALID, ECONFLICT.
func (s *Store) CreateAgentToken(ctx context.Context, name, account, hash string) error {
	if err := taskrow.CheckAgentToken(name, hash); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO agent_tokens (name, account, token_hash, created_at)
		VALUES ($1, $2, $3, $4)`, name, account, hash, dbTime(s.now()))
	if isUnique(err, "agent_tokens_name_key") || isUnique(err, "agent_tokens_token_hash_key") {
		return taskrow.AgentTokenTaken(name)
	}
	if err != nil {
		return s.fail("create agent token "+name, err)
	}
	return nil
}

// AgentTokenByHash returns the token's name and account. Errors: ENOTFOUND.
func (s *Store) AgentTokenByHash(ctx context.Context, hash string) (string, string, error) {
	var name, account string
	err := s.pool.QueryRow(ctx, `SELECT name, account FROM agent_tokens WHERE token_hash = $1`, hash).Scan(&name, &account)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", taskrow.UnknownAgentToken()
	}
	if err != nil {
		return "", "", s.fail("read agent token", err)
	}
	return name, account, nil
}
