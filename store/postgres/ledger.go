package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// RecordAction appends an action to the ledger and sets its ID. Errors: EINVALID for a
// missing account, instant, unknown kind or result; ENOTFOUND when the account does not
// exist; ECONFLICT when an action with the same non-empty Key is already recorded (the
// executor's idempotency rests on this).
func (s *Store) RecordAction(ctx context.Context, a *paceline.Action) error {
	if err := checkAction(a); err != nil {
		return err
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO actions
		(key, at, account, kind, lead, result, with_note, campaign, step)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		nullString(a.Key), dbTime(a.At), a.Account, string(a.Kind), a.Lead, string(a.Result),
		a.WithNote, a.Campaign, a.Step,
	).Scan(&a.ID)
	switch {
	case isUnique(err, "actions_key_key"):
		return &paceline.Error{Code: paceline.ECONFLICT, Field: "key", Message: fmt.Sprintf(
			"action %q is already in the ledger (an action is recorded once per key)", a.Key)}
	case isForeignKey(err):
		return missingAccount(a.Account)
	case err != nil:
		return s.fail(fmt.Sprintf("record %s action of %s", a.Kind, a.Account), err)
	}
	return nil
}

// Actions returns the account's actions with At in [since, until), oldest first; actions
// at the same instant come in the order they were recorded.
func (s *Store) Actions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, key, at, account, kind, lead, result,
		with_note, campaign, step
		FROM actions WHERE account = $1 AND at >= $2 AND at < $3
		ORDER BY at, id`,
		account, dbTime(since), dbTime(until))
	if err != nil {
		return nil, s.fail("read actions of "+account, err)
	}
	defer rows.Close()
	var list []paceline.Action
	for rows.Next() {
		var (
			a            paceline.Action
			key          *string
			kind, result string
		)
		if err := rows.Scan(&a.ID, &key, &a.At, &a.Account, &kind, &a.Lead, &result,
			&a.WithNote, &a.Campaign, &a.Step); err != nil {
			return nil, s.fail("read actions of "+account, err)
		}
		if key != nil {
			a.Key = *key
		}
		a.At = a.At.UTC()
		a.Kind = paceline.ActionKind(kind)
		a.Result = paceline.ActionResult(result)
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read actions of "+account, err)
	}
	return list, nil
}
