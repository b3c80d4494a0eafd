package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// Suppression reasons the store writes itself (package leadrow holds them for both
// stores).
const (
	ReasonOptOut = leadrow.ReasonOptOut
	ReasonErased = leadrow.ReasonErased
)

// suppress puts the hashes of keys on the suppression list; a hash already there keeps
// its first reason and time.
func suppress(ctx context.Context, tx *sql.Tx, keys []lead.Key, reason string, at time.Time) error {
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
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO suppressions (key_hash, reason, at) VALUES (?, ?, ?) ON CONFLICT (key_hash) DO NOTHING`,
				k.Hash(), reason, at); err != nil {
				return fmt.Errorf("suppress %s: %w", k.Type, err)
			}
		}
	}
	return nil
}

// leadKeys reads every key a stored lead holds.
func leadKeys(ctx context.Context, q leadQuerier, id int64) ([]lead.Key, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, value FROM lead_keys WHERE lead_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("read keys of lead %d: %w", id, err)
	}
	defer rows.Close()
	return leadrow.ReadKeys(rows, id, failing(fmt.Sprintf("read keys of lead %d", id)))
}

// OptOutLead marks the lead opted out (a lead that already opted out keeps its first
// time) and puts the hashes of all its keys on the suppression list with the reason
// ("opted out" when empty). Errors: ENOTFOUND.
func (s *Store) OptOutLead(ctx context.Context, id int64, reason string) error {
	if reason == "" {
		reason = ReasonOptOut
	}
	now := s.now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("opt out lead %d: %w", id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE leads SET opted_out_at = COALESCE(opted_out_at, ?), updated_at = ? WHERE id = ?`, now, now, id)
	if err != nil {
		return fmt.Errorf("opt out lead %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return leadrow.Missing(id)
	}
	keys, err := leadKeys(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := suppress(ctx, tx, keys, reason, now); err != nil {
		return fmt.Errorf("opt out lead %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("opt out lead %d: %w", id, err)
	}
	return nil
}

// SuppressKeys puts the hashes of keys on the suppression list without any lead: a
// person who asks never to be contacted before they were ever imported.
func (s *Store) SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error {
	if reason == "" {
		reason = ReasonOptOut
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("suppress keys: %w", err)
	}
	defer tx.Rollback()
	if err := suppress(ctx, tx, keys, reason, s.now()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("suppress keys: %w", err)
	}
	return nil
}

// IsSuppressed reports whether any of the keys is on the suppression list.
func (s *Store) IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error) {
	for _, k := range keys {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM suppressions WHERE key_hash = ?`, k.Hash()).Scan(&n); err != nil {
			return false, fmt.Errorf("check suppression list: %w", err)
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("erase lead %d: %w", id, err)
	}
	defer tx.Rollback()
	keys, err := leadKeys(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	refs, err := json.Marshal(leadrow.Refs(keys))
	if err != nil {
		return nil, fmt.Errorf("erase lead %d: %w", id, err)
	}
	var planned int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM actions WHERE state = 'planned' AND lead IN (SELECT value FROM json_each(?))`,
		string(refs)).Scan(&planned); err != nil {
		return nil, fmt.Errorf("erase lead %d: %w", id, err)
	}
	if planned > 0 {
		return nil, leadrow.InFlight(id, planned)
	}
	now := s.now()
	if err := suppress(ctx, tx, keys, ReasonErased, now); err != nil {
		return nil, fmt.Errorf("erase lead %d: %w", id, err)
	}
	// Children first: the schema cascades, but saying it keeps the erasure complete on
	// a connection where foreign keys are not enforced.
	for _, q := range []string{
		`DELETE FROM lead_keys WHERE lead_id = ?`,
		`DELETE FROM list_members WHERE lead_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return nil, fmt.Errorf("erase lead %d: %w", id, err)
		}
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM leads WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("erase lead %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, leadrow.Missing(id)
	}
	for _, table := range leadrow.ErasedRecords {
		// The tasks' slots are released as their rows go, after the enrollments', the
		// order a campaign's stop locks them in.
		if table == "tasks" {
			if err := releaseErasedTasks(ctx, tx, id, string(refs), now); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE lead IN (SELECT value FROM json_each(?))`, string(refs)); err != nil {
			return nil, fmt.Errorf("erase lead %d from %s: %w", id, table, err)
		}
	}
	// Webhook messages about the person, sent or waiting: a waiting one would carry the
	// reference to the receiver after the erasure.
	if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries
		WHERE CASE WHEN json_valid(payload) THEN json_extract(payload, '$.data.lead') END IN (SELECT value FROM json_each(?))`, string(refs)); err != nil {
		return nil, fmt.Errorf("erase lead %d from webhook_deliveries: %w", id, err)
	}
	if err := pseudonymize(ctx, tx, keys); err != nil {
		return nil, fmt.Errorf("erase lead %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("erase lead %d: %w", id, err)
	}
	// The pages the erasure wrote go into the database file now and the write-ahead
	// log is emptied, so the lead's earlier pages do not linger in the log. Best
	// effort: a reader holding an old snapshot keeps the log until it is done, and the
	// next checkpoint finishes the job.
	_, _ = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return keys, nil
}

// FindLeadID returns the id of the lead holding the key. Errors: ENOTFOUND.
func (s *Store) FindLeadID(ctx context.Context, k lead.Key) (int64, error) {
	id, err := leadIDByKey(ctx, s.db, leadrow.KeyKind(k.Type), k.Value)
	if paceline.ErrorCode(err) != paceline.ENOTFOUND {
		return id, err
	}
	// A lead stored before emails were put in NFC with an ASCII domain holds its
	// address in the form it was written in.
	for _, f := range k.OtherForms() {
		if id, ferr := leadIDByKey(ctx, s.db, leadrow.KeyKind(f.Type), f.Value); paceline.ErrorCode(ferr) != paceline.ENOTFOUND {
			return id, ferr
		}
	}
	return 0, err
}

// pseudonymize writes an alias in place of each of the lead's references in the
// records an erasure keeps (leadrow.KeptRecords): the counts the limits are read from
// stay, and no row names the person.
func pseudonymize(ctx context.Context, tx *sql.Tx, keys []lead.Key) error {
	if len(keys) == 0 {
		return nil
	}
	aliases, err := leadrow.Aliases(keys)
	if err != nil {
		return err
	}
	for _, table := range leadrow.KeptRecords {
		q, args := leadrow.PseudonymizeSQL(table, aliases, "?%d")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("rewrite %s under an alias: %w", table, err)
		}
	}
	return nil
}
