package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// DeleteDraftCampaign deletes a campaign that never started, with its sending
// accounts. Errors: ENOTFOUND; ECONFLICT for a campaign that ever started (one not a
// draft, or with enrollments or actions in the ledger): its history stays.
func (s *Store) DeleteDraftCampaign(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM campaigns WHERE name = ? AND `+campaignrow.NotDraftWhere, name, name)
	if err != nil {
		return fmt.Errorf("delete campaign %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return err
	}
	return campaignrow.Started(c, "deleted")
}

// ReplaceDraftCampaign replaces the list, sequence, priority and sending accounts of
// the campaign c names, which must never have started. Errors: EINVALID as
// CreateCampaign; ENOTFOUND for the campaign or an account; ECONFLICT for a campaign
// that ever started.
func (s *Store) ReplaceDraftCampaign(ctx context.Context, c *paceline.Campaign) error {
	if err := campaignrow.Check(c); err != nil {
		return err
	}
	now := s.now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("change campaign %s: %w", c.Name, err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `UPDATE campaigns SET list = ?, sequence = ?, priority = ?, updated_at = ?
		WHERE name = ? AND `+campaignrow.NotDraftWhere+` RETURNING id`,
		c.List, c.Sequence, c.Priority, now, c.Name, c.Name).Scan(&c.ID)
	if errors.Is(err, sql.ErrNoRows) {
		tx.Rollback()
		stored, err := s.Campaign(ctx, c.Name)
		if err != nil {
			return err
		}
		return campaignrow.Started(stored, "changed")
	}
	if err != nil {
		return fmt.Errorf("change campaign %s: %w", c.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM campaign_accounts WHERE campaign_id = ?`, c.ID); err != nil {
		return fmt.Errorf("change campaign %s: %w", c.Name, err)
	}
	for _, a := range c.Accounts {
		_, err := tx.ExecContext(ctx, `INSERT INTO campaign_accounts (campaign_id, account) VALUES (?, ?)`, c.ID, a)
		switch {
		case isForeignKey(err):
			return missingAccount(a)
		case isUnique(err):
			return campaignrow.AccountTwice(a)
		case err != nil:
			return fmt.Errorf("change campaign %s: %w", c.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("change campaign %s: %w", c.Name, err)
	}
	c.State, c.PausedReason, c.PausedAt, c.UpdatedAt = paceline.CampaignDraft, "", time.Time{}, now
	return nil
}
