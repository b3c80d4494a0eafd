package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/actionrow"
	"github.com/paceline/paceline/store/internal/row"
)

// PlanAction writes the action to the ledger as planned, before its executor is
// called, with result failed until it is completed. Errors: those of RecordAction.
func (s *Store) PlanAction(ctx context.Context, a *paceline.Action) error {
	if err := actionrow.CheckPlanned(a); err != nil {
		return err
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO actions
		(key, at, account, kind, lead, result, with_note, campaign, step, state)
		VALUES ($1, $2, $3, $4, $5, 'failed', $6, $7, $8, 'planned') RETURNING id`,
		a.Key, dbTime(a.At), a.Account, string(a.Kind), a.Lead, a.WithNote, a.Campaign, a.Step,
	).Scan(&a.ID)
	switch {
	case anyUnique(err):
		return actionrow.KeyTaken(a.Key)
	case isForeignKey(err):
		return missingAccount(a.Account)
	case err != nil:
		return s.fail("plan "+a.Key, err)
	}
	return nil
}

// PlanStep is PlanAction for a step of a campaign, in one statement with two checks:
// that the enrollment of the action's campaign, account and lead still runs in an
// active campaign (an import that merged the person may have stopped it, a person may
// have paused the campaign, since the tick read them) and that none of
// keys, the lead's, is on the suppression list. The enrollment's row is locked for
// share: a plan racing an import that is stopping the enrollment waits for the import
// to commit and then sees it stopped. When either check fails nothing is planned and
// planned is false; optedOut then says the lead is on the list. Errors: those of
// PlanAction.
func (s *Store) PlanStep(ctx context.Context, a *paceline.Action, keys []lead.Key) (planned, optedOut bool, err error) {
	if err := actionrow.CheckPlanned(a); err != nil {
		return false, false, err
	}
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = k.Hash()
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO actions
		(key, at, account, kind, lead, result, with_note, campaign, step, state)
		SELECT $1, $2, $3, $4, $5, 'failed', $6, $7, $8, 'planned'
		WHERE EXISTS (SELECT 1 FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
			WHERE c.name = $7 AND c.state = 'active' AND e.account = $3 AND e.lead = $5 AND e.state IN ('new', 'active', 'waiting')
			FOR SHARE OF e)
		AND NOT EXISTS (SELECT 1 FROM suppressions WHERE key_hash = ANY($9))
		RETURNING id`,
		a.Key, dbTime(a.At), a.Account, string(a.Kind), a.Lead, a.WithNote, a.Campaign, a.Step, hashes,
	).Scan(&a.ID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		out, err := s.IsSuppressed(ctx, keys...)
		return false, out, err
	case anyUnique(err):
		return false, false, actionrow.KeyTaken(a.Key)
	case isForeignKey(err):
		return false, false, missingAccount(a.Account)
	case err != nil:
		return false, false, s.fail("plan "+a.Key, err)
	}
	return true, false, nil
}

// CompleteAction records the result of a planned action and marks it done. Errors:
// ENOTFOUND when no planned action has the key.
func (s *Store) CompleteAction(ctx context.Context, a *paceline.Action) error {
	if err := a.Validate(); err != nil {
		return err
	}
	err := s.pool.QueryRow(ctx, `UPDATE actions SET result = $1, at = $2, with_note = $3, state = 'done'
		WHERE key = $4 AND state = 'planned' RETURNING id`,
		string(a.Result), dbTime(a.At), a.WithNote, a.Key).Scan(&a.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return actionrow.MissingPlanned(a.Key)
	}
	if err != nil {
		return s.fail("complete "+a.Key, err)
	}
	return nil
}

// DropPlanned removes a planned action that was never carried out.
func (s *Store) DropPlanned(ctx context.Context, key string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM actions WHERE key = $1 AND state = 'planned'`, key); err != nil {
		return s.fail("drop planned "+key, err)
	}
	return nil
}

// ActionByKey returns the ledger's action with the key and its outbox state. Errors:
// ENOTFOUND.
func (s *Store) ActionByKey(ctx context.Context, key string) (*paceline.Action, paceline.ActionState, error) {
	list, states, err := s.outbox(ctx, `WHERE key = $1`, key)
	if err != nil {
		return nil, "", err
	}
	if len(list) == 0 {
		return nil, "", actionrow.Missing(key)
	}
	return &list[0], states[0], nil
}

// PlannedActions returns the account's actions still planned.
func (s *Store) PlannedActions(ctx context.Context, account string) ([]paceline.Action, error) {
	list, _, err := s.outbox(ctx, `WHERE account = $1 AND state = 'planned'`, account)
	return list, err
}

// DoneActions returns every completed action of the ledger, oldest first.
func (s *Store) DoneActions(ctx context.Context) ([]paceline.Action, error) {
	list, _, err := s.outbox(ctx, `WHERE state = 'done'`)
	return list, err
}

// DuplicateSteps returns the campaign steps a lead was sent more than once.
func (s *Store) DuplicateSteps(ctx context.Context) ([]paceline.Action, error) {
	list, _, err := s.outbox(ctx, `WHERE id IN (SELECT MAX(id) FROM actions
		WHERE state = 'done' AND result = 'done' AND campaign <> ''
		GROUP BY campaign, lead, step, kind HAVING COUNT(*) > 1)`)
	return list, err
}

func (s *Store) outbox(ctx context.Context, where string, args ...any) ([]paceline.Action, []paceline.ActionState, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+actionrow.OutboxColumns+` FROM actions `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, nil, s.fail("read ledger", err)
	}
	defer rows.Close()
	var (
		list   []paceline.Action
		states []paceline.ActionState
	)
	for rows.Next() {
		a, state, err := actionrow.ScanOutbox(rows, fromNullString)
		if err != nil {
			return nil, nil, s.fail("read ledger", err)
		}
		list = append(list, a)
		states = append(states, state)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.fail("read ledger", err)
	}
	return list, states, nil
}

// SimRecord stores what the simulated platform carried out, once per key.
func (s *Store) SimRecord(ctx context.Context, a paceline.Action) (paceline.Action, bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO sim_executions (key, at, account, lead, kind, result, with_note)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
		a.Key, dbTime(a.At), a.Account, a.Lead, string(a.Kind), string(a.Result), a.WithNote)
	if err != nil {
		return paceline.Action{}, false, s.fail("simulated platform: record "+a.Key, err)
	}
	if tag.RowsAffected() == 1 {
		return a, true, nil
	}
	stored, ok, err := s.SimExecuted(ctx, a.Key)
	if err != nil || !ok {
		return paceline.Action{}, false, fmt.Errorf("simulated platform: read %s: %w", a.Key, err)
	}
	return stored, false, nil
}

// SimExecuted reports whether the simulated platform carried out the key, and how.
func (s *Store) SimExecuted(ctx context.Context, key string) (paceline.Action, bool, error) {
	list, err := s.simActions(ctx, `WHERE key = $1`, key)
	if err != nil || len(list) == 0 {
		return paceline.Action{}, false, err
	}
	return list[0], true, nil
}

// SimActions returns what the simulated platform carried out for the account with At
// in [since, until), oldest first.
func (s *Store) SimActions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	return s.simActions(ctx, `WHERE account = $1 AND at >= $2 AND at < $3`, account, dbTime(since), dbTime(until))
}

func (s *Store) simActions(ctx context.Context, where string, args ...any) ([]paceline.Action, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+actionrow.SimColumns+`
		FROM sim_executions `+where+` ORDER BY at, key`, args...)
	if err != nil {
		return nil, s.fail("simulated platform: read", err)
	}
	defer rows.Close()
	fail := s.failing("simulated platform: read")
	return row.All(rows, row.Wrap(actionrow.ScanSim, fail), fail)
}
