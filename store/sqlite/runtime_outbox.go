package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/actionrow"
)

// PlanAction writes the action to the ledger as planned, before its executor is
// called: a crash after this line leaves a trace that reconciliation finds. A planned
// action is stored with result failed, so that nothing counts it as usage until it is
// completed. Errors: those of RecordAction (ECONFLICT for a key already in the ledger).
func (s *Store) PlanAction(ctx context.Context, a *paceline.Action) error {
	if err := actionrow.CheckPlanned(a); err != nil {
		return err
	}
	err := s.db.QueryRowContext(ctx, `INSERT INTO actions
		(key, at, account, kind, lead, result, with_note, campaign, step, state)
		VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, ?, 'planned') RETURNING id`,
		a.Key, a.At.UTC(), a.Account, string(a.Kind), a.Lead, a.WithNote, a.Campaign, a.Step,
	).Scan(&a.ID)
	return insertActionError("plan", a, err)
}

// PlanStep is PlanAction for a step of a campaign, in one statement with two checks:
// that the enrollment of the action's campaign, account and lead still runs in an
// active campaign (an import that merged the person may have stopped it, a person may
// have paused the campaign, since the tick read them) and that none of
// keys, the lead's, is on the suppression list. When either fails nothing is planned
// and planned is false; optedOut then says the lead is on the list. Errors: those of
// PlanAction.
func (s *Store) PlanStep(ctx context.Context, a *paceline.Action, keys []lead.Key) (planned, optedOut bool, err error) {
	if err := actionrow.CheckPlanned(a); err != nil {
		return false, false, err
	}
	hashes, err := keyHashes(keys)
	if err != nil {
		return false, false, err
	}
	err = s.db.QueryRowContext(ctx, `INSERT INTO actions
		(key, at, account, kind, lead, result, with_note, campaign, step, state)
		SELECT ?, ?, ?, ?, ?, 'failed', ?, ?, ?, 'planned'
		WHERE EXISTS (SELECT 1 FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
			WHERE c.name = ? AND c.state = 'active' AND e.account = ? AND e.lead = ? AND e.state IN ('new', 'active', 'waiting'))
		AND NOT EXISTS (SELECT 1 FROM suppressions WHERE key_hash IN (SELECT value FROM json_each(?)))
		RETURNING id`,
		a.Key, a.At.UTC(), a.Account, string(a.Kind), a.Lead, a.WithNote, a.Campaign, a.Step,
		a.Campaign, a.Account, a.Lead, hashes,
	).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		out, err := s.IsSuppressed(ctx, keys...)
		return false, out, err
	}
	if err := insertActionError("plan", a, err); err != nil {
		return false, false, err
	}
	return true, false, nil
}

// keyHashes returns the hashes of keys as a JSON array, for json_each.
func keyHashes(keys []lead.Key) (string, error) {
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = k.Hash()
	}
	b, err := json.Marshal(hashes)
	if err != nil {
		return "", fmt.Errorf("check suppression list: %w", err)
	}
	return string(b), nil
}

// CompleteAction records the result of a planned action (found by key) and marks it
// done. Errors: ENOTFOUND when no planned action has the key.
func (s *Store) CompleteAction(ctx context.Context, a *paceline.Action) error {
	if err := a.Validate(); err != nil {
		return err
	}
	err := s.db.QueryRowContext(ctx, `UPDATE actions SET result = ?, at = ?, with_note = ?, state = 'done'
		WHERE key = ? AND state = 'planned' RETURNING id`,
		string(a.Result), a.At.UTC(), a.WithNote, a.Key).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return actionrow.MissingPlanned(a.Key)
	}
	if err != nil {
		return fmt.Errorf("complete action %s: %w", a.Key, err)
	}
	return nil
}

// DropPlanned removes a planned action that reconciliation found was never carried
// out. A done action is never removed.
func (s *Store) DropPlanned(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM actions WHERE key = ? AND state = 'planned'`, key); err != nil {
		return fmt.Errorf("drop planned action %s: %w", key, err)
	}
	return nil
}

// ActionByKey returns the ledger's action with the key and its outbox state. Errors:
// ENOTFOUND.
func (s *Store) ActionByKey(ctx context.Context, key string) (*paceline.Action, paceline.ActionState, error) {
	list, states, err := s.outbox(ctx, `WHERE key = ?`, key)
	if err != nil {
		return nil, "", err
	}
	if len(list) == 0 {
		return nil, "", actionrow.Missing(key)
	}
	return &list[0], states[0], nil
}

// PlannedActions returns the account's actions still planned: in flight when a
// process stopped, to be reconciled with the executor.
func (s *Store) PlannedActions(ctx context.Context, account string) ([]paceline.Action, error) {
	list, _, err := s.outbox(ctx, `WHERE account = ? AND state = 'planned'`, account)
	return list, err
}

// DoneActions returns every completed action of the ledger, oldest first, for the
// auditor.
func (s *Store) DoneActions(ctx context.Context) ([]paceline.Action, error) {
	list, _, err := s.outbox(ctx, `WHERE state = 'done'`)
	return list, err
}

func (s *Store) outbox(ctx context.Context, where string, args ...any) ([]paceline.Action, []paceline.ActionState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+actionrow.OutboxColumns+` FROM actions `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("read ledger: %w", err)
	}
	defer rows.Close()
	var (
		list   []paceline.Action
		states []paceline.ActionState
	)
	for rows.Next() {
		a, state, err := actionrow.ScanOutbox(rows, fromNullString)
		if err != nil {
			return nil, nil, fmt.Errorf("read ledger: %w", err)
		}
		list = append(list, a)
		states = append(states, state)
	}
	return list, states, rows.Err()
}

// DuplicateSteps returns the campaign steps a lead was sent more than once (done
// actions with the same campaign, lead and step): what exactly-once forbids.
func (s *Store) DuplicateSteps(ctx context.Context) ([]paceline.Action, error) {
	list, _, err := s.outbox(ctx, `WHERE id IN (SELECT MAX(id) FROM actions
		WHERE state = 'done' AND result = 'done' AND campaign <> ''
		GROUP BY campaign, lead, step, kind HAVING COUNT(*) > 1)`)
	return list, err
}

// Clock returns the runtime clock: its speed, the virtual and real instants it was
// last set at, and the furthest virtual instant a tick reached. ok is false before the
// clock was first set.
func (s *Store) Clock(ctx context.Context) (speed float64, virtualAt, realAt, reached time.Time, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT speed, virtual_at, real_at, reached FROM runtime_clock WHERE id = 1`).
		Scan(&speed, &virtualAt, &realAt, &reached)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, time.Time{}, time.Time{}, false, nil
	}
	if err != nil {
		return 0, time.Time{}, time.Time{}, time.Time{}, false, fmt.Errorf("read runtime clock: %w", err)
	}
	return speed, virtualAt.UTC(), realAt.UTC(), reached.UTC(), true, nil
}

// SetClock sets the runtime clock; reached never goes back.
func (s *Store) SetClock(ctx context.Context, speed float64, virtualAt, realAt time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO runtime_clock (id, speed, virtual_at, real_at, reached)
		VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET speed = excluded.speed,
		virtual_at = excluded.virtual_at, real_at = excluded.real_at,
		reached = CASE WHEN runtime_clock.reached > excluded.reached THEN runtime_clock.reached ELSE excluded.reached END`,
		speed, virtualAt.UTC(), realAt.UTC(), virtualAt.UTC())
	if err != nil {
		return fmt.Errorf("set runtime clock: %w", err)
	}
	return nil
}
