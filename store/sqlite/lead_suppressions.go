package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paceline/paceline/lead"
)

// The suppression list travels with an export (paceline leads export) as entries of
// hashes, so that the people erased or opted out by key in one database stay
// suppressed in the one the file is imported into.

var _ lead.SuppressionRestorer = (*leadSink)(nil)

// ExportSuppressions calls fn for every entry of the suppression list, in the order
// the entries were added. fn must not use the store.
func (s *Store) ExportSuppressions(ctx context.Context, fn func(lead.Suppression) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT key_hash, reason, at FROM suppressions ORDER BY id`)
	if err != nil {
		return fmt.Errorf("export suppression list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e lead.Suppression
		if err := rows.Scan(&e.KeyHash, &e.Reason, &e.At); err != nil {
			return fmt.Errorf("export suppression list: %w", err)
		}
		e.At = e.At.UTC()
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export suppression list: %w", err)
	}
	return nil
}

// RestoreSuppressions puts entries of a suppression list back, in one transaction
// (lead.SuppressionRestorer): a hash already on the list keeps its reason and time. It
// returns how many entries it added. Errors: EINVALID for an entry lead.CheckSuppression
// refuses, and then nothing is added. A stored lead holding a key an added entry names
// is opted out (optOutHolders).
func (s *Store) RestoreSuppressions(ctx context.Context, entries []lead.Suppression) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("restore suppression list: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, restoreSuppression)
	if err != nil {
		return 0, fmt.Errorf("restore suppression list: %w", err)
	}
	defer st.Close()
	now := s.now()
	added := map[string]time.Time{}
	n, err := restoreSuppressions(ctx, st, entries, now, added)
	if err != nil {
		return 0, err
	}
	if err := optOutHolders(ctx, tx, added, now); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("restore suppression list: %w", err)
	}
	return n, nil
}

// RestoreSuppressions puts entries back inside the import's transaction. The stored
// leads holding a key an added entry names are opted out once every row is written
// (optOutRestored), so that a file of many entries reads the stored keys once.
func (k *leadSink) RestoreSuppressions(entries []lead.Suppression) (int, error) {
	st, err := k.stmt(restoreSuppression)
	if err != nil {
		return 0, err
	}
	if k.restored == nil {
		k.restored = map[string]time.Time{}
	}
	return restoreSuppressions(k.ctx, st, entries, k.now, k.restored)
}

// optOutRestored opts out the leads holding a key an entry RestoreSuppressions added
// names, the leads this import wrote included (the buffer is flushed before).
func (k *leadSink) optOutRestored() error {
	err := optOutHolders(k.ctx, k.tx, k.restored, k.now)
	k.restored = nil
	return err
}

const restoreSuppression = `INSERT INTO suppressions (key_hash, reason, at) VALUES (?, ?, ?) ON CONFLICT (key_hash) DO NOTHING`

// restoreSuppressions inserts the entries with st (restoreSuppression), a zero time
// as now and an empty reason as an opt-out, and returns how many were new; it notes
// each new one's hash and time in added.
func restoreSuppressions(ctx context.Context, st *sql.Stmt, entries []lead.Suppression, now time.Time, added map[string]time.Time) (int, error) {
	count := 0
	for _, e := range entries {
		if err := lead.CheckSuppression(e); err != nil {
			return 0, err
		}
		at, reason := e.At, e.Reason
		if at.IsZero() {
			at = now
		}
		if reason == "" {
			reason = ReasonOptOut
		}
		res, err := st.ExecContext(ctx, e.KeyHash, reason, at.UTC())
		if err != nil {
			return 0, fmt.Errorf("restore suppression list: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("restore suppression list: %w", err)
		}
		if n > 0 {
			count++
			added[e.KeyHash] = at
		}
	}
	return count, nil
}
