package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/accountrow"
	"github.com/paceline/paceline/store/internal/actionrow"
)

// RecordAction appends an action to the ledger and sets its ID. Errors: EINVALID for a
// missing account, instant, unknown kind or result; ENOTFOUND when the account does not
// exist; ECONFLICT when an action with the same non-empty Key is already recorded (the
// executor's idempotency rests on this).
func (s *Store) RecordAction(ctx context.Context, a *paceline.Action) error {
	if err := a.Validate(); err != nil {
		return err
	}
	err := s.db.QueryRowContext(ctx, `INSERT INTO actions
		(key, at, account, kind, lead, result, with_note, campaign, step)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullString(a.Key), a.At.UTC(), a.Account, string(a.Kind), a.Lead, string(a.Result),
		a.WithNote, a.Campaign, a.Step,
	).Scan(&a.ID)
	return insertActionError("record", a, err)
}

// insertActionError is the error of writing a to the ledger, doing what ("record",
// "plan"): nil for none.
func insertActionError(doing string, a *paceline.Action, err error) error {
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return actionrow.KeyTaken(a.Key)
	case isForeignKey(err):
		return missingAccount(a.Account)
	}
	return fmt.Errorf("%s %s action of %s: %w", doing, a.Kind, a.Account, err)
}

// Actions returns the account's actions with At in [since, until), oldest first; actions
// at the same instant come in the order they were recorded.
func (s *Store) Actions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, key, at, account, kind, lead, result,
		with_note, campaign, step
		FROM actions WHERE account = ? AND at >= ? AND at < ?
		ORDER BY at, id`,
		account, since.UTC(), until.UTC())
	if err != nil {
		return nil, fmt.Errorf("read actions of %s: %w", account, err)
	}
	defer rows.Close()
	var list []paceline.Action
	for rows.Next() {
		var (
			a            paceline.Action
			key          sql.NullString
			kind, result string
		)
		if err := rows.Scan(&a.ID, &key, &a.At, &a.Account, &kind, &a.Lead, &result,
			&a.WithNote, &a.Campaign, &a.Step); err != nil {
			return nil, fmt.Errorf("read actions of %s: %w", account, err)
		}
		a.Key = key.String
		a.At = a.At.UTC()
		a.Kind = paceline.ActionKind(kind)
		a.Result = paceline.ActionResult(result)
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read actions of %s: %w", account, err)
	}
	return list, nil
}

// nullString maps an empty key to NULL, so that only real keys are held unique.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// fromNullString maps NULL back to the empty key.
func fromNullString(s sql.NullString) string { return s.String }

// missingAccount is the error for a ledger or event row naming an unknown account.
func missingAccount(name string) error { return accountrow.Missing(name) }
