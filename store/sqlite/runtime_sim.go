package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/actionrow"
)

// SimRecord stores what the simulated platform carried out, once per key, in a
// transaction of its own (as the real platform's record would be, apart from
// paceline's). fresh is false, and stored the first record, when the key was already
// carried out.
func (s *Store) SimRecord(ctx context.Context, a paceline.Action) (stored paceline.Action, fresh bool, err error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO sim_executions (key, at, account, lead, kind, result, with_note)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		a.Key, a.At.UTC(), a.Account, a.Lead, string(a.Kind), string(a.Result), a.WithNote)
	if err != nil {
		return paceline.Action{}, false, fmt.Errorf("simulated platform: record %s: %w", a.Key, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
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
	list, err := s.simActions(ctx, `WHERE key = ?`, key)
	if err != nil || len(list) == 0 {
		return paceline.Action{}, false, err
	}
	return list[0], true, nil
}

// SimActions returns what the simulated platform carried out for the account with At
// in [since, until), oldest first.
func (s *Store) SimActions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	return s.simActions(ctx, `WHERE account = ? AND at >= ? AND at < ?`, account, since.UTC(), until.UTC())
}

func (s *Store) simActions(ctx context.Context, where string, args ...any) ([]paceline.Action, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+actionrow.SimColumns+`
		FROM sim_executions `+where+` ORDER BY at, key`, args...)
	if err != nil {
		return nil, fmt.Errorf("simulated platform: read: %w", err)
	}
	defer rows.Close()
	var list []paceline.Action
	for rows.Next() {
		a, err := actionrow.ScanSim(rows)
		if err != nil {
			return nil, fmt.Errorf("simulated platform: read: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("simulated platform: read: %w", err)
	}
	return list, nil
}
