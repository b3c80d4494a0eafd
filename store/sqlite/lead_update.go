package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// UpdateLeadFields writes enriched fields back to stored leads, in one transaction for
// the batch. It only fills what is empty in the stored row: a column already set and a
// custom field already present keep their value, so a value the user typed or imported
// always wins over one found later, and writing the same leads twice changes nothing.
// Names, keys and lists are never touched; an email is written only when the lead has
// none, and then also becomes the lead's email key. When rescore is not nil, a lead
// that gained a field is scored again with it (the filled fields, seniority above all,
// count in the score) and its score and explanation are written with the fields. It
// returns how many leads changed. Errors: ENOTFOUND for an id with no lead, ECONFLICT
// when a new email is another lead's or is on the suppression list; nothing is written
// then.
func (s *Store) UpdateLeadFields(ctx context.Context, leads []*paceline.Lead, rescore func(*paceline.Lead)) (changed int, err error) {
	return s.updateLeadFields(ctx, leads, func(context.Context, *sql.Tx) (func(*paceline.Lead), error) { return rescore, nil })
}

// UpdateLeadFieldsInForce is UpdateLeadFields scoring the leads that gained a field
// with the ICP rules in force, read inside its transaction and turned into the scoring
// function by rulesFor: an enrichment that began while a save of new rules
// (SetICPRules) ran scores with the new rules, where rules read before it began left
// the old rules' scores under the new ones.
func (s *Store) UpdateLeadFieldsInForce(ctx context.Context, leads []*paceline.Lead, rulesFor RulesFunc) (changed int, err error) {
	return s.updateLeadFields(ctx, leads, func(ctx context.Context, tx *sql.Tx) (func(*paceline.Lead), error) {
		return rulesInForceTx(ctx, tx, rulesFor)
	})
}

// updateLeadFields is UpdateLeadFields with the scoring function (nil: none) given by
// rescoreTx inside the transaction, before any lead is read.
func (s *Store) updateLeadFields(ctx context.Context, leads []*paceline.Lead, rescoreTx func(context.Context, *sql.Tx) (func(*paceline.Lead), error)) (changed int, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("update leads: %w", err)
	}
	defer tx.Rollback()
	rescore, err := rescoreTx(ctx, tx)
	if err != nil {
		return 0, err
	}
	now := s.now()
	for _, l := range leads {
		stored, err := loadLead(ctx, tx, l.ID)
		if err != nil {
			return 0, err
		}
		cur := &stored.Lead
		filled, newEmail := leadrow.Enrich(cur, l, rescore)
		if !filled {
			continue
		}
		expl, err := leadrow.ExplanationJSON(cur.Explanation)
		if err != nil {
			return 0, err
		}
		if newEmail {
			if err := addEmailKey(ctx, tx, cur.ID, cur.Email); err != nil {
				return 0, err
			}
		}
		custom, err := leadrow.CustomJSON(cur.Custom)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE leads SET email = ?, title = ?, seniority = ?,
			details = ?, custom = ?, score = ?, score_explanation = ?, updated_at = ? WHERE id = ?`,
			cur.Email, cur.Title, string(cur.Seniority), leadrow.DetailsJSON(cur),
			custom, cur.Score, expl, now, cur.ID); err != nil {
			return 0, fmt.Errorf("update lead %d: %w", cur.ID, err)
		}
		changed++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("update leads: %w", err)
	}
	return changed, nil
}

// addEmailKey gives lead id the email key of addr, refusing an address that belongs
// to another lead or that was suppressed (an opted-out or erased person's).
func addEmailKey(ctx context.Context, tx *sql.Tx, id int64, addr string) error {
	k, err := leadrow.EmailKey(id, addr)
	if err != nil {
		return err
	}
	owner, err := leadIDByKey(ctx, tx, leadrow.KeyKind(k.Type), k.Value)
	switch {
	case err == nil && owner != id:
		return leadrow.EmailOfAnother(k, owner)
	case err == nil:
		return nil
	case paceline.ErrorCode(err) != paceline.ENOTFOUND:
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM suppressions WHERE key_hash = ?`, k.Hash()).Scan(&n); err != nil {
		return fmt.Errorf("check suppression of lead %d: %w", id, err)
	}
	if n > 0 {
		return leadrow.EmailSuppressed(k)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lead_keys (kind, value, lead_id) VALUES (?, ?, ?)`, leadrow.KeyKind(k.Type), k.Value, id); err != nil {
		return fmt.Errorf("add email key to lead %d: %w", id, err)
	}
	return nil
}
