package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// The suppression list travels with an export (paceline leads export) as entries of
// hashes, so that the people erased or opted out by key in one database stay
// suppressed in the one the file is imported into.

var _ lead.SuppressionRestorer = (*leadSink)(nil)

// ExportSuppressions calls fn for every entry of the suppression list, in the order
// the entries were added, from one streaming query. fn must not use the store.
func (s *Store) ExportSuppressions(ctx context.Context, fn func(lead.Suppression) error) error {
	rows, err := s.pool.Query(ctx, `SELECT key_hash, reason, at FROM suppressions ORDER BY id`)
	if err != nil {
		return s.fail("export suppression list", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e lead.Suppression
		if err := rows.Scan(&e.KeyHash, &e.Reason, &e.At); err != nil {
			return s.fail("export suppression list", err)
		}
		e.At = e.At.UTC()
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("export suppression list", err)
	}
	return nil
}

// RestoreSuppressions puts entries of a suppression list back, in one transaction
// (lead.SuppressionRestorer): a hash already on the list keeps its reason and time. It
// returns how many entries it added. Errors: EINVALID for an entry lead.CheckSuppression
// refuses, and then nothing is added. A stored lead holding a key an added entry names
// is opted out (optOutHolders).
func (s *Store) RestoreSuppressions(ctx context.Context, entries []lead.Suppression) (int, error) {
	var n int
	err := s.inTx(ctx, "restore suppression list", func(tx pgx.Tx) error {
		now := s.now()
		added := map[string]time.Time{}
		var err error
		if n, err = s.restoreSuppressions(ctx, tx, entries, now, added); err != nil {
			return err
		}
		return s.optOutHolders(ctx, tx, added, now)
	})
	return n, err
}

// RestoreSuppressions puts entries back inside the import's transaction, in one
// statement for the batch. The stored leads holding a key an added entry names are
// opted out once every row is written (optOutRestored), so that a file of many
// entries reads the stored keys once.
func (k *leadSink) RestoreSuppressions(entries []lead.Suppression) (int, error) {
	if k.restored == nil {
		k.restored = map[string]time.Time{}
	}
	return k.s.restoreSuppressions(k.ctx, k.tx, entries, k.now, k.restored)
}

// optOutRestored opts out the leads holding a key an entry RestoreSuppressions added
// names, the leads this import wrote included (the buffer is flushed before).
func (k *leadSink) optOutRestored() error {
	err := k.s.optOutHolders(k.ctx, k.tx, k.restored, k.now)
	k.restored = nil
	return err
}

// restoreSuppressions inserts the entries in one statement, a zero time as now and
// an empty reason as an opt-out, and returns how many were new; it notes each new
// one's hash and time in added.
func (s *Store) restoreSuppressions(ctx context.Context, tx pgx.Tx, entries []lead.Suppression, now time.Time, added map[string]time.Time) (int, error) {
	hashes := make([]string, len(entries))
	reasons := make([]string, len(entries))
	ats := make([]time.Time, len(entries))
	for i, e := range entries {
		if err := lead.CheckSuppression(e); err != nil {
			return 0, err
		}
		hashes[i], reasons[i], ats[i] = e.KeyHash, e.Reason, e.At
		if ats[i].IsZero() {
			ats[i] = now
		}
		ats[i] = dbTime(ats[i])
		if reasons[i] == "" {
			reasons[i] = leadrow.ReasonOptOut
		}
	}
	// ORDER BY ord keeps the ids (the export's order) as the entries came.
	rows, err := tx.Query(ctx, `INSERT INTO suppressions (key_hash, reason, at)
		SELECT h, r, a FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS e(h, r, a, ord)
		ORDER BY ord
		ON CONFLICT (key_hash) DO NOTHING
		RETURNING key_hash, at`, hashes, reasons, ats)
	if err != nil {
		return 0, s.fail("restore suppression list", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var h string
		var at time.Time
		if err := rows.Scan(&h, &at); err != nil {
			return 0, s.fail("restore suppression list", err)
		}
		added[h] = at
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, s.fail("restore suppression list", err)
	}
	return n, nil
}
