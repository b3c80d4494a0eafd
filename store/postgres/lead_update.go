package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// UpdateLeadFields writes enriched fields back to stored leads, in one transaction for
// the batch. It only fills what is empty in the stored row: a column already set and a
// custom field already present keep their value, so a value the user typed or imported
// always wins over one found later, and writing the same leads twice changes nothing.
// Names, keys and lists are never touched; an email is written only when the lead has
// none, and then also becomes the lead's email key. When rescore is not nil, a lead
// that gained a field is scored again with it and its score and explanation are
// written with the fields. It returns how many leads changed. Errors: ENOTFOUND for an
// id with no lead, ECONFLICT when a new email is another lead's or is on the
// suppression list; nothing is written then.
func (s *Store) UpdateLeadFields(ctx context.Context, leads []*paceline.Lead, rescore func(*paceline.Lead)) (changed int, err error) {
	return s.updateLeadFields(ctx, leads, func(context.Context, pgx.Tx) (func(*paceline.Lead), error) { return rescore, nil })
}

// UpdateLeadFieldsInForce is UpdateLeadFields scoring the leads that gained a field
// with the ICP rules in force, read inside its transaction and turned into the scoring
// function by rulesFor. The leads table is locked first as the UPDATEs would lock it
// (ROW EXCLUSIVE: other writers of leads go on), which waits for a save of new rules
// that holds it (SetICPRules' lockForRescore) and makes a later save wait: the rules
// read are those the enriched scores commit under. Read before, a save that ran
// meanwhile left the old rules' scores under the new ones.
func (s *Store) UpdateLeadFieldsInForce(ctx context.Context, leads []*paceline.Lead, rulesFor RulesFunc) (changed int, err error) {
	return s.updateLeadFields(ctx, leads, func(ctx context.Context, tx pgx.Tx) (func(*paceline.Lead), error) {
		if _, err := tx.Exec(ctx, `LOCK TABLE leads IN ROW EXCLUSIVE MODE`); err != nil {
			return nil, s.fail("update leads: lock them before reading the ICP rules", err)
		}
		return s.rulesInForceTx(ctx, tx, rulesFor)
	})
}

// updateLeadFields is UpdateLeadFields with the scoring function (nil: none) given by
// rescoreTx inside the transaction, before any lead is read.
func (s *Store) updateLeadFields(ctx context.Context, leads []*paceline.Lead, rescoreTx func(context.Context, pgx.Tx) (func(*paceline.Lead), error)) (changed int, err error) {
	now := dbTime(s.now())
	err = s.inTx(ctx, "update leads", func(tx pgx.Tx) error {
		rescore, err := rescoreTx(ctx, tx)
		if err != nil {
			return err
		}
		for _, l := range leads {
			stored, err := s.loadLead(ctx, tx, l.ID)
			if err != nil {
				return err
			}
			cur := &stored.Lead
			filled, newEmail := leadrow.Enrich(cur, l, rescore)
			if !filled {
				continue
			}
			expl, err := leadrow.ExplanationJSON(cur.Explanation)
			if err != nil {
				return err
			}
			if newEmail {
				if err := s.addEmailKey(ctx, tx, cur.ID, cur.Email); err != nil {
					return err
				}
			}
			custom, err := leadrow.CustomJSON(cur.Custom)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE leads SET email = $1, title = $2, seniority = $3,
				details = $4, custom = $5, score = $6, score_explanation = $7, updated_at = $8
				WHERE id = $9`,
				cur.Email, cur.Title, string(cur.Seniority), leadrow.DetailsJSON(cur),
				custom, int64(cur.Score), expl, now, cur.ID); err != nil {
				return s.fail(fmt.Sprintf("update lead %d", cur.ID), err)
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}

// addEmailKey gives lead id the email key of addr, refusing an address that belongs
// to another lead or that was suppressed (an opted-out or erased person's).
func (s *Store) addEmailKey(ctx context.Context, tx pgx.Tx, id int64, addr string) error {
	k, err := leadrow.EmailKey(id, addr)
	if err != nil {
		return err
	}
	owner, err := s.leadIDByKey(ctx, tx, leadrow.KeyKind(k.Type), k.Value)
	switch {
	case err == nil && owner != id:
		return leadrow.EmailOfAnother(k, owner)
	case err == nil:
		return nil
	case paceline.ErrorCode(err) != paceline.ENOTFOUND:
		return err
	}
	var suppressed bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM suppressions WHERE key_hash = $1)`, k.Hash()).Scan(&suppressed); err != nil {
		return s.fail(fmt.Sprintf("check suppression of lead %d", id), err)
	}
	if suppressed {
		return leadrow.EmailSuppressed(k)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO lead_keys (kind, value, lead_id) VALUES ($1, $2, $3)`, leadrow.KeyKind(k.Type), k.Value, id); err != nil {
		return s.fail(fmt.Sprintf("add email key to lead %d", id), err)
	}
	return nil
}
