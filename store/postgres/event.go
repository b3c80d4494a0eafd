package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
)

// RecordEvent stores an event once: when an event with the same non-empty Key is
// already stored it returns false and sets e.ID to the stored event's ID, because
// executors, webhooks and archive imports may all deliver the same observation. Errors:
// EINVALID for a missing account, instant or type, or an unknown kind; ENOTFOUND when
// the account does not exist.
func (s *Store) RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error) {
	if err := checkEvent(e); err != nil {
		return false, err
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO events
		(key, at, account, lead, type, kind, until)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (key) DO NOTHING RETURNING id`,
		nullString(e.Key), dbTime(e.At), e.Account, e.Lead, string(e.Type), string(e.Kind),
		nullTime(e.Until),
	).Scan(&e.ID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		// DO NOTHING returned no row: the key is taken (by a row committed before this
		// statement, or by one it waited for). Report the stored event's ID so that the
		// caller can refer to it.
		if err := s.pool.QueryRow(ctx, `SELECT id FROM events WHERE key = $1`, e.Key).Scan(&e.ID); err != nil {
			return false, s.fail("read event "+e.Key, err)
		}
		return false, nil
	case isForeignKey(err):
		return false, missingAccount(e.Account)
	case err != nil:
		return false, s.fail(fmt.Sprintf("record %s event of %s", e.Type, e.Account), err)
	}
	return true, nil
}

// Events returns the account's events with At in [since, until), oldest first; events
// at the same instant come in the order they were recorded.
func (s *Store) Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, key, at, account, lead, type, kind, until
		FROM events WHERE account = $1 AND at >= $2 AND at < $3
		ORDER BY at, id`,
		account, dbTime(since), dbTime(until))
	if err != nil {
		return nil, s.fail("read events of "+account, err)
	}
	defer rows.Close()
	var list []paceline.Event
	for rows.Next() {
		var (
			e         paceline.Event
			key       *string
			typ, kind string
			end       *time.Time
		)
		if err := rows.Scan(&e.ID, &key, &e.At, &e.Account, &e.Lead, &typ, &kind, &end); err != nil {
			return nil, s.fail("read events of "+account, err)
		}
		if key != nil {
			e.Key = *key
		}
		e.At = e.At.UTC()
		e.Type = paceline.EventKind(typ)
		e.Kind = paceline.ActionKind(kind)
		e.Until = fromNullTime(end)
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read events of "+account, err)
	}
	return list, nil
}
