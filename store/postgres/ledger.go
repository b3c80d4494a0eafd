package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/actionrow"
	"github.com/paceline/paceline/store/postgres/internal/dbsqlc"
)

// RecordAction appends an action to the ledger and sets its ID. Errors: EINVALID for a
// missing account, instant, unknown kind or result; ENOTFOUND when the account does not
// exist; ECONFLICT when an action with the same non-empty Key is already recorded (the
// executor's idempotency rests on this).
func (s *Store) RecordAction(ctx context.Context, a *paceline.Action) error {
	if err := a.Validate(); err != nil {
		return err
	}
	id, err := s.q.RecordAction(ctx, dbsqlc.RecordActionParams{
		Key: nullString(a.Key), At: dbTime(a.At), Account: a.Account, Kind: string(a.Kind),
		Lead: a.Lead, Result: string(a.Result), WithNote: a.WithNote, Campaign: a.Campaign,
		Step: a.Step,
	})
	switch {
	case isUnique(err, "actions_key_key"):
		return actionrow.KeyTaken(a.Key)
	case isForeignKey(err):
		return missingAccount(a.Account)
	case err != nil:
		return s.fail(fmt.Sprintf("record %s action of %s", a.Kind, a.Account), err)
	}
	a.ID = id
	return nil
}

// Actions returns the account's actions with At in [since, until), oldest first; actions
// at the same instant come in the order they were recorded.
func (s *Store) Actions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	rows, err := s.q.Actions(ctx, dbsqlc.ActionsParams{Account: account, Since: dbTime(since), Until: dbTime(until)})
	if err != nil {
		return nil, s.fail("read actions of "+account, err)
	}
	var list []paceline.Action
	for _, r := range rows {
		list = append(list, paceline.Action{
			ID: r.ID, Key: fromNullString(r.Key), At: r.At.UTC(), Account: r.Account,
			Kind: paceline.ActionKind(r.Kind), Lead: r.Lead, Result: paceline.ActionResult(r.Result),
			WithNote: r.WithNote, Campaign: r.Campaign, Step: r.Step,
		})
	}
	return list, nil
}
