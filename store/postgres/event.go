package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
	"github.com/paceline/paceline/store/postgres/internal/dbsqlc"
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
	id, err := s.q.RecordEvent(ctx, dbsqlc.RecordEventParams{
		Key: nullString(e.Key), At: dbTime(e.At), Account: e.Account, Lead: e.Lead,
		Type: string(e.Type), Kind: string(e.Kind), Until: nullTime(e.Until),
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		// DO NOTHING returned no row: the key is taken (by a row committed before this
		// statement, or by one it waited for). Report the stored event's ID so that the
		// caller can refer to it.
		id, err := s.q.EventIDByKey(ctx, nullString(e.Key))
		if err != nil {
			return false, s.fail("read event "+e.Key, err)
		}
		e.ID = id
		return false, nil
	case isForeignKey(err):
		return false, missingAccount(e.Account)
	case err != nil:
		return false, s.fail(fmt.Sprintf("record %s event of %s", e.Type, e.Account), err)
	}
	e.ID = id
	return true, nil
}

// Events returns the account's events with At in [since, until), oldest first; events
// at the same instant come in the order they were recorded.
func (s *Store) Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error) {
	rows, err := s.q.Events(ctx, dbsqlc.EventsParams{Account: account, Since: dbTime(since), Until: dbTime(until)})
	if err != nil {
		return nil, s.fail("read events of "+account, err)
	}
	var list []paceline.Event
	for _, r := range rows {
		list = append(list, paceline.Event{
			ID: r.ID, Key: fromNullString(r.Key), At: r.At.UTC(), Account: r.Account, Lead: r.Lead,
			Type: paceline.EventKind(r.Type), Kind: paceline.ActionKind(r.Kind), Until: fromNullTime(r.Until),
		})
	}
	return list, nil
}
