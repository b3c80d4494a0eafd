package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/eventrow"
	"github.com/paceline/paceline/store/internal/leadrow"
	"github.com/paceline/paceline/store/internal/row"
)

// RecordEvent stores an event once: when an event with the same non-empty Key is
// already stored it returns false and sets e.ID to the stored event's ID, because
// executors, webhooks and archive imports may all deliver the same observation. Errors:
// EINVALID for a missing account, instant or type, or an unknown kind; ENOTFOUND when
// the account does not exist. An event that names a person running in an enrollment
// under another of their references is stored under that one (enrolledRef), so that
// it reaches the enrollment. An opted_out event also opts its lead out, keys on the
// suppression list (leadrow.OptOutByRef), so that no campaign or import brings the
// person back, whoever reported it.
func (s *Store) RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error) {
	if e.Lead, err = s.enrolledRef(ctx, e.Lead); err != nil {
		return false, err
	}
	if recorded, err = s.recordEvent(ctx, e); err != nil {
		return recorded, err
	}
	if e.Type == paceline.EventOptedOut && e.Lead != "" {
		// Every time, not only when new: a report sent again after a failure here
		// still opts the person out.
		if err := leadrow.OptOutByRef(ctx, s, e.Lead, leadrow.OptOutReason(e)); err != nil {
			return recorded, fmt.Errorf("opt out %s after its opted_out event: %w", e.Lead, err)
		}
	}
	return recorded, nil
}

func (s *Store) recordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error) {
	if err := e.Validate(); err != nil {
		return false, err
	}
	err = s.db.QueryRowContext(ctx, `INSERT INTO events
		(key, at, account, lead, type, kind, until)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING id`,
		nullString(e.Key), e.At.UTC(), e.Account, e.Lead, string(e.Type), string(e.Kind),
		nullTime(e.Until),
	).Scan(&e.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// DO NOTHING returned no row: the key is taken. Report the stored event's ID
		// so that the caller can refer to it.
		if err := s.db.QueryRowContext(ctx, `SELECT id FROM events WHERE key = ?`, e.Key).Scan(&e.ID); err != nil {
			return false, fmt.Errorf("read event %s: %w", e.Key, err)
		}
		return false, nil
	case isForeignKey(err):
		return false, missingAccount(e.Account)
	case err != nil:
		return false, fmt.Errorf("record %s event of %s: %w", e.Type, e.Account, err)
	}
	return true, nil
}

// Events returns the account's events with At in [since, until), oldest first; events
// at the same instant come in the order they were recorded.
func (s *Store) Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventrow.Columns+`
		FROM events WHERE account = ? AND at >= ? AND at < ?
		ORDER BY at, id`,
		account, since.UTC(), until.UTC())
	if err != nil {
		return nil, fmt.Errorf("read events of %s: %w", account, err)
	}
	defer rows.Close()
	fail := failing("read events of " + account)
	return row.All(rows, row.Wrap(scanEvent, fail), fail)
}

// scanEvent reads a row of eventrow.Columns with the driver's NULLs.
func scanEvent(r row.Scanner) (paceline.Event, error) {
	return eventrow.Scan(r, fromNullString, fromNullTime)
}
