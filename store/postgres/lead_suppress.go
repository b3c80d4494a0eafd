package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// suppress puts the hashes of keys on the suppression list; a hash already there keeps
// its first reason and time.
func (s *Store) suppress(ctx context.Context, tx pgx.Tx, keys []lead.Key, reason string, at time.Time) error {
	for _, k := range keys {
		if _, err := tx.Exec(ctx,
			`INSERT INTO suppressions (key_hash, reason, at) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING`,
			k.Hash(), reason, dbTime(at)); err != nil {
			return s.fail("suppress "+k.Type.String(), err)
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
// memberships) and keeps only the hashes of its keys on the suppression list, so the
// person is never imported again (GDPR erasure). It returns the keys it suppressed.
// Errors: ENOTFOUND.
func (s *Store) EraseLead(ctx context.Context, id int64) ([]lead.Key, error) {
	what := fmt.Sprintf("erase lead %d", id)
	var keys []lead.Key
	err := s.inTx(ctx, what, func(tx pgx.Tx) error {
		var err error
		if keys, err = s.leadKeys(ctx, tx, id); err != nil {
			return err
		}
		if err := s.suppress(ctx, tx, keys, leadrow.ReasonErased, s.now()); err != nil {
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
		refs := leadrow.Refs(keys)
		for _, table := range leadrow.ErasedRecords {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE lead = ANY($1)`, refs); err != nil {
				return s.fail(what+" from "+table, err)
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
	return s.leadIDByKey(ctx, s.pool, leadrow.KeyKind(k.Type), k.Value)
}
