package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// suppress puts the hashes of keys on the suppression list; a hash already there keeps
// its first reason and time.
func (s *Store) suppress(ctx context.Context, tx pgx.Tx, keys []lead.Key, reason string, at time.Time) error {
	for _, first := range keys {
		// A non-ASCII email goes on the list in every form it may be stored or
		// listed under (Key.OtherForms): a lead stored before addresses were put in
		// NFC with an ASCII domain holds the old form, which the runtime's check
		// hashes, and the import hashes the canonical one.
		others := first.OtherForms()
		for i := -1; i < len(others); i++ {
			k := first
			if i >= 0 {
				k = others[i]
			}
			if _, err := tx.Exec(ctx,
				`INSERT INTO suppressions (key_hash, reason, at) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING`,
				k.Hash(), reason, dbTime(at)); err != nil {
				return s.fail("suppress "+k.Type.String(), err)
			}
		}
	}
	return nil
}

// leadKeys reads every key a stored lead holds.
func (s *Store) leadKeys(ctx context.Context, q leadQuerier, id int64) ([]lead.Key, error) {
	what := fmt.Sprintf("read keys of lead %d", id)
	rows, err := q.Query(ctx, `SELECT kind, value FROM lead_keys WHERE lead_id = $1`, id)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	return leadrow.ReadKeys(rows, id, s.failing(what))
}

// OptOutLead marks the lead opted out (a lead that already opted out keeps its first
// time) and puts the hashes of all its keys on the suppression list with the reason
// ("opted out" when empty). Errors: ENOTFOUND.
func (s *Store) OptOutLead(ctx context.Context, id int64, reason string) error {
	if reason == "" {
		reason = leadrow.ReasonOptOut
	}
	what := fmt.Sprintf("opt out lead %d", id)
	now := dbTime(s.now())
	return s.inTx(ctx, what, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE leads SET opted_out_at = COALESCE(opted_out_at, $1), updated_at = $1 WHERE id = $2`, now, id)
		if err != nil {
			return s.fail(what, err)
		}
		if tag.RowsAffected() == 0 {
			return leadrow.Missing(id)
		}
		keys, err := s.leadKeys(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.suppress(ctx, tx, keys, reason, now)
	})
}

// inTx runs fn in a transaction, committed when fn returns nil and rolled back
// otherwise; what names the work in errors.
func (s *Store) inTx(ctx context.Context, what string, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return s.fail(what, err)
	}
	defer tx.Rollback(context.Background())
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return s.fail(what, err)
	}
	return nil
}

// SuppressKeys puts the hashes of keys on the suppression list without any lead: a
// person who asks never to be contacted before they were ever imported.
func (s *Store) SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error {
	if reason == "" {
		reason = leadrow.ReasonOptOut
	}
	return s.inTx(ctx, "suppress keys", func(tx pgx.Tx) error {
		return s.suppress(ctx, tx, keys, reason, s.now())
	})
}

// IsSuppressed reports whether any of the keys is on the suppression list.
func (s *Store) IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error) {
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = k.Hash()
	}
	var found bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM suppressions WHERE key_hash = ANY($1))`, hashes).Scan(&found)
	if err != nil {
		return false, s.fail("check suppression list", err)
	}
	return found, nil
}

// EraseLead deletes everything the store holds about a lead (its row, keys and list
// memberships, what the runtime kept of it, the webhook messages naming it) and keeps
// only the hashes of its keys on the suppression list, so the person is never imported
// again (GDPR erasure). The action ledger, the events and the simulated platform's
// record keep their rows, which the limits are counted from, with an alias in place of
// the person's references; the slot an offered assisted task of the lead holds is
// released (its ledger row recorded failed), as when the task is closed unsent. It
// returns the keys it suppressed. Errors: ENOTFOUND; ECONFLICT while one of the lead's
// actions is in flight, or one of its tasks is leased by an agent.
func (s *Store) EraseLead(ctx context.Context, id int64) ([]lead.Key, error) {
	what := fmt.Sprintf("erase lead %d", id)
	var keys []lead.Key
	err := s.inTx(ctx, what, func(tx pgx.Tx) error {
		var err error
		if keys, err = s.leadKeys(ctx, tx, id); err != nil {
			return err
		}
		refs := leadrow.Refs(keys)
		var planned int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM actions WHERE state = 'planned' AND lead = ANY($1)`, refs).Scan(&planned); err != nil {
			return s.fail(what, err)
		}
		if planned > 0 {
			return leadrow.InFlight(id, planned)
		}
		now := s.now()
		if err := s.suppress(ctx, tx, keys, leadrow.ReasonErased, now); err != nil {
			return err
		}
		// The schema cascades to lead_keys and list_members.
		tag, err := tx.Exec(ctx, `DELETE FROM leads WHERE id = $1`, id)
		if err != nil {
			return s.fail(what, err)
		}
		if tag.RowsAffected() == 0 {
			return leadrow.Missing(id)
		}
		for _, table := range leadrow.ErasedRecords {
			// The tasks' slots are released as their rows go, after the enrollments',
			// the order a campaign's stop locks them in.
			if table == "tasks" {
				if err := s.releaseErasedTasks(ctx, tx, id, refs, now); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE lead = ANY($1)`, refs); err != nil {
				return s.fail(what+" from "+table, err)
			}
		}
		// Webhook messages about the person, sent or waiting: a waiting one would carry
		// the reference to the receiver after the erasure.
		if _, err := tx.Exec(ctx, `DELETE FROM webhook_deliveries WHERE (payload::jsonb #>> '{data,lead}') = ANY($1)`, refs); err != nil {
			return s.fail(what+" from webhook_deliveries", err)
		}
		if len(refs) == 0 {
			return nil
		}
		// The records kept for the limits name the person under an alias from now on.
		aliases, err := leadrow.Aliases(keys)
		if err != nil {
			return err
		}
		for _, table := range leadrow.KeptRecords {
			q, args := leadrow.PseudonymizeSQL(table, aliases, "$%d")
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return s.fail(what+": rewrite "+table+" under an alias", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return keys, nil
}

// FindLeadID returns the id of the lead holding the key. Errors: ENOTFOUND.
func (s *Store) FindLeadID(ctx context.Context, k lead.Key) (int64, error) {
	id, err := s.leadIDByKey(ctx, s.pool, leadrow.KeyKind(k.Type), k.Value)
	if paceline.ErrorCode(err) != paceline.ENOTFOUND {
		return id, err
	}
	// A lead stored before emails were put in NFC with an ASCII domain holds its
	// address in the form it was written in.
	for _, f := range k.OtherForms() {
		if id, ferr := s.leadIDByKey(ctx, s.pool, leadrow.KeyKind(f.Type), f.Value); paceline.ErrorCode(ferr) != paceline.ENOTFOUND {
			return id, ferr
		}
	}
	return 0, err
}
