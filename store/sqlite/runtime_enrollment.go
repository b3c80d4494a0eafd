package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
	"github.com/paceline/paceline/store/internal/enrollmentrow"
	"github.com/paceline/paceline/store/internal/eventrow"
)

// AddEnrollments stores new enrollments of the campaign, skipping every lead that is
// already in this campaign or runs in another one (a lead runs in one enrollment at a
// time). It returns how many were added. A stopped campaign enrolls nobody again: its
// state is read in the transaction that adds them, which a stop waits for. Nor is a
// person on the suppression list (erased or opted out since the caller read the
// leads), read in that transaction too (withoutSuppressed). Errors: ENOTFOUND for an
// unknown campaign or account; ECONFLICT for a stopped campaign.
func (s *Store) AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error) {
	c, err := s.Campaign(ctx, campaign)
	if err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("enroll leads in %s: %w", campaign, err)
	}
	defer tx.Rollback()
	var state string
	if err := tx.QueryRowContext(ctx, `SELECT state FROM campaigns WHERE id = ?`, c.ID).Scan(&state); err != nil {
		return 0, fmt.Errorf("enroll leads in %s: %w", campaign, err)
	}
	if paceline.CampaignState(state) == paceline.CampaignStopped {
		tx.Rollback()
		if c, err = s.Campaign(ctx, campaign); err != nil {
			return 0, err
		}
		return 0, campaignrow.Stopped(c, "started")
	}
	if recs, err = withoutSuppressed(ctx, tx, recs); err != nil {
		return 0, fmt.Errorf("enroll leads in %s: %w", campaign, err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO enrollments
		(campaign_id, lead, account, step, state, due, reason, lead_facts, snapshot, held, started_at, updated_at, include_replied)
		VALUES (?, ?, ?, 0, 'new', ?, '', ?, '', FALSE, ?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("enroll leads in %s: %w", campaign, err)
	}
	defer stmt.Close()
	added := 0
	now := s.now()
	for _, r := range recs {
		res, err := stmt.ExecContext(ctx, c.ID, r.Lead, r.Account, r.Started.UTC(), r.LeadFacts, r.Started.UTC(), now, r.IncludeReplied)
		if isForeignKey(err) {
			return 0, missingAccount(r.Account)
		}
		if err != nil {
			return 0, fmt.Errorf("enroll %s in %s: %w", r.Lead, campaign, err)
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("enroll leads in %s: %w", campaign, err)
	}
	return added, nil
}

// RunningEnrollments returns the account's enrollments that still hold their lead
// (new, active or waiting) in campaigns that are active, oldest first.
func (s *Store) RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error) {
	return s.queryEnrollments(ctx, "enrollments of "+account, `SELECT `+enrollmentrow.Columns+`
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.account = ? AND e.state IN ('new', 'active', 'waiting') AND c.state = 'active'
		ORDER BY e.id`, account)
}

// CampaignEnrollments returns the running enrollments (new, active or waiting) of the
// campaign named, on every account and whatever the campaign's state, oldest first:
// what a process that runs one campaign itself (the demo) restores when it starts
// again, a paused campaign's leads included. A tick reads RunningEnrollments instead,
// since it must not send for a paused campaign.
func (s *Store) CampaignEnrollments(ctx context.Context, campaign string) ([]paceline.EnrollmentRecord, error) {
	return s.queryEnrollments(ctx, "enrollments of campaign "+campaign, `SELECT `+enrollmentrow.Columns+`
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE c.name = ? AND e.state IN ('new', 'active', 'waiting')
		ORDER BY e.id`, campaign)
}

// SaveTick writes what one tick of an account changed, all or nothing: the
// enrollments' new states, the last event the tick applied, and the virtual instant it
// ran at (which the runtime clock never goes back before).
// An enrollment that ended while the tick ran (a merge of its lead stopped it, in an
// import's transaction) keeps its end: a tick never writes a record read as running
// over one stored ended since, which would set a stopped enrollment going again.
func (s *Store) SaveTick(ctx context.Context, account string, recs []paceline.EnrollmentRecord, eventID int64, at time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save tick of %s: %w", account, err)
	}
	defer tx.Rollback()
	now := s.now()
	for _, r := range recs {
		if _, err := tx.ExecContext(ctx, `UPDATE enrollments SET step = ?, state = ?, due = ?, reason = ?,
			snapshot = ?, held = ?, ended_at = ?, updated_at = ?
			WHERE id = ? AND (state IN ('new', 'active', 'waiting') OR state = ?)`,
			r.Step, string(r.State), nullTime(r.Due), r.Reason, r.Snapshot, r.Held, nullTime(r.Ended), now, r.ID, string(r.State)); err != nil {
			return fmt.Errorf("save enrollment %s of %s: %w", r.Lead, account, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO account_cursors (account, event_id, ticked_at) VALUES (?, ?, ?)
		ON CONFLICT (account) DO UPDATE SET event_id = excluded.event_id, ticked_at = excluded.ticked_at`,
		account, eventID, at.UTC()); err != nil {
		return fmt.Errorf("save tick of %s: %w", account, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE runtime_clock SET reached = ? WHERE id = 1 AND reached < ?`, at.UTC(), at.UTC()); err != nil {
		return fmt.Errorf("save tick of %s: %w", account, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save tick of %s: %w", account, err)
	}
	return nil
}

// Cursor returns the last event id a tick of the account applied and the virtual
// instant of that tick (zero before the first tick).
func (s *Store) Cursor(ctx context.Context, account string) (int64, time.Time, error) {
	var id int64
	var at sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT event_id, ticked_at FROM account_cursors WHERE account = ?`, account).Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("read cursor of %s: %w", account, err)
	}
	return id, fromNullTime(at), nil
}

// EventsAfter returns the account's events with an id above after, in id order: the
// events a tick has not applied yet.
func (s *Store) EventsAfter(ctx context.Context, account string, after int64) ([]paceline.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventrow.Columns+`
		FROM events WHERE account = ? AND id > ? ORDER BY id`, account, after)
	if err != nil {
		return nil, fmt.Errorf("read events of %s: %w", account, err)
	}
	defer rows.Close()
	var list []paceline.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("read events of %s: %w", account, err)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}
