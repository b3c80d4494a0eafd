package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// DeleteDraftCampaign deletes a campaign that never started, with its sending
// accounts. Errors: ENOTFOUND; ECONFLICT for a campaign that ever started (one not a
// draft, or with enrollments or actions in the ledger): its history stays.
func (s *Store) DeleteDraftCampaign(ctx context.Context, name string) error {
	tag, err := s.pool.Exec(ctx, rebind(`DELETE FROM campaigns WHERE name = ? AND `+campaignrow.NotDraftWhere), name, name)
	if err != nil {
		return s.fail("delete campaign "+name, err)
	}
	if tag.RowsAffected() > 0 {
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
	now := dbTime(s.now())
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return s.fail("change campaign "+c.Name, err)
	}
	defer tx.Rollback(ctx)
	err = tx.QueryRow(ctx, rebind(`UPDATE campaigns SET list = ?, sequence = ?, priority = ?, updated_at = ?
		WHERE name = ? AND `+campaignrow.NotDraftWhere+` RETURNING id`),
		c.List, c.Sequence, c.Priority, now, c.Name, c.Name).Scan(&c.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		tx.Rollback(ctx)
		stored, err := s.Campaign(ctx, c.Name)
		if err != nil {
			return err
		}
		return campaignrow.Started(stored, "changed")
	}
	if err != nil {
		return s.fail("change campaign "+c.Name, err)
	}
	if _, err := tx.Exec(ctx, rebind(`DELETE FROM campaign_accounts WHERE campaign_id = ?`), c.ID); err != nil {
		return s.fail("change campaign "+c.Name, err)
	}
	for _, a := range c.Accounts {
		_, err := tx.Exec(ctx, rebind(`INSERT INTO campaign_accounts (campaign_id, account) VALUES (?, ?)`), c.ID, a)
		switch {
		case isForeignKey(err):
			return missingAccount(a)
		case anyUnique(err):
			return campaignrow.AccountTwice(a)
		case err != nil:
			return s.fail("change campaign "+c.Name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return s.fail("change campaign "+c.Name, err)
	}
	c.State, c.PausedReason, c.PausedAt, c.UpdatedAt = paceline.CampaignDraft, "", time.Time{}, now
	return nil
}
