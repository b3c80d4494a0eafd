package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
	"github.com/paceline/paceline/store/internal/enrollmentrow"
	"github.com/paceline/paceline/store/internal/eventrow"
	"github.com/paceline/paceline/store/internal/row"
)

// AddEnrollments stores new enrollments of the campaign, skipping every lead that is
// already in this campaign or runs in another one. It returns how many were added. A
// stopped campaign enrolls nobody again: its row is read and locked in the transaction
// that adds them, so that a stop waits for it and then stops them too. Nor is a person
// on the suppression list (erased or opted out since the caller read the leads), read
// in that transaction under a lock an erasure waits for (withoutSuppressed), taken
// before the campaign's row (lockLeadsShared). Errors:
// ENOTFOUND for an unknown campaign or account; ECONFLICT for a stopped campaign.
func (s *Store) AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error) {
	c, err := s.Campaign(ctx, campaign)
	if err != nil {
		return 0, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, s.fail("enroll leads in "+campaign, err)
	}
	defer tx.Rollback(ctx)
	// The leads first: an import holds them for its whole length, and the campaign's
	// row, locked while this waits, would hold its pause as long.
	if err := s.lockLeadsShared(ctx, tx); err != nil {
		return 0, err
	}
	var state string
	if err := tx.QueryRow(ctx, `SELECT state FROM campaigns WHERE id = $1 FOR SHARE`, c.ID).Scan(&state); err != nil {
		return 0, s.fail("enroll leads in "+campaign, err)
	}
	if paceline.CampaignState(state) == paceline.CampaignStopped {
		tx.Rollback(ctx)
		if c, err = s.Campaign(ctx, campaign); err != nil {
			return 0, err
		}
		return 0, campaignrow.Stopped(c, "started")
	}
	if recs, err = s.withoutSuppressed(ctx, tx, recs); err != nil {
		return 0, err
	}
	added := 0
	now := dbTime(s.now())
	for _, r := range recs {
		tag, err := tx.Exec(ctx, `INSERT INTO enrollments
			(campaign_id, lead, account, step, state, due, reason, lead_facts, snapshot, held, started_at, updated_at, include_replied)
			VALUES ($1, $2, $3, 0, 'new', $4, '', $5, '', FALSE, $4, $6, $7) ON CONFLICT DO NOTHING`,
			c.ID, r.Lead, r.Account, dbTime(r.Started), r.LeadFacts, now, r.IncludeReplied)
		if isForeignKey(err) {
			return 0, missingAccount(r.Account)
		}
		if err != nil {
			return 0, s.fail("enroll "+r.Lead+" in "+campaign, err)
		}
		added += int(tag.RowsAffected())
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, s.fail("enroll leads in "+campaign, err)
	}
	return added, nil
}

// RunningEnrollments returns the account's enrollments that still hold their lead in
// campaigns that are active, oldest first.
func (s *Store) RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error) {
	return s.queryEnrollments(ctx, "enrollments of "+account, `SELECT `+enrollmentrow.Columns+`
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.account = $1 AND e.state IN ('new', 'active', 'waiting') AND c.state = 'active'
		ORDER BY e.id`, account)
}

// SaveTick writes what one tick of an account changed, all or nothing. An enrollment
// that ended while the tick ran (a merge of its lead stopped it, in an import's
// transaction) keeps its end: a tick never writes a record read as running over one
// stored ended since, which would set a stopped enrollment going again.
func (s *Store) SaveTick(ctx context.Context, account string, recs []paceline.EnrollmentRecord, eventID int64, at time.Time) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return s.fail("save tick of "+account, err)
	}
	defer tx.Rollback(ctx)
	now := dbTime(s.now())
	for _, r := range recs {
		if _, err := tx.Exec(ctx, `UPDATE enrollments SET step = $1, state = $2, due = $3, reason = $4,
			snapshot = $5, held = $6, ended_at = $7, updated_at = $8
			WHERE id = $9 AND (state IN ('new', 'active', 'waiting') OR state = $2)`,
			r.Step, string(r.State), nullTime(r.Due), r.Reason, r.Snapshot, r.Held, nullTime(r.Ended), now, r.ID); err != nil {
			return s.fail("save enrollment "+r.Lead+" of "+account, err)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO account_cursors (account, event_id, ticked_at) VALUES ($1, $2, $3)
		ON CONFLICT (account) DO UPDATE SET event_id = excluded.event_id, ticked_at = excluded.ticked_at`,
		account, eventID, dbTime(at)); err != nil {
		return s.fail("save tick of "+account, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE runtime_clock SET reached = $1 WHERE id = 1 AND reached < $1`, dbTime(at)); err != nil {
		return s.fail("save tick of "+account, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return s.fail("save tick of "+account, err)
	}
	return nil
}

// Cursor returns the last event id a tick of the account applied and the virtual
// instant of that tick.
func (s *Store) Cursor(ctx context.Context, account string) (int64, time.Time, error) {
	var id int64
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT event_id, ticked_at FROM account_cursors WHERE account = $1`, account).Scan(&id, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, s.fail("read cursor of "+account, err)
	}
	return id, fromNullTime(at), nil
}

// EventsAfter returns the account's events with an id above after, in id order.
func (s *Store) EventsAfter(ctx context.Context, account string, after int64) ([]paceline.Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+eventrow.Columns+`
		FROM events WHERE account = $1 AND id > $2 ORDER BY id`, account, after)
	if err != nil {
		return nil, s.fail("read events of "+account, err)
	}
	defer rows.Close()
	fail := s.failing("read events of " + account)
	return row.All(rows, row.Wrap(scanEvent, fail), fail)
}

// scanEvent reads a row of eventrow.Columns with the driver's NULLs.
func scanEvent(r row.Scanner) (paceline.Event, error) {
	return eventrow.Scan(r, fromNullString, fromNullTime)
}
