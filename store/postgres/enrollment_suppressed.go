package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// lockLeadsShared locks the leads table in SHARE mode until tx ends, which an erasure
// (DELETE) and an opt-out (UPDATE) conflict with: one that has already written its
// lead is waited for, and the suppression list is read after it committed; one that
// has not yet waits for tx, and an erasure then deletes what tx wrote. Enrollments go
// on at once (SHARE does not conflict with itself), and plain reads of the leads are
// not held. A lead import holds the table EXCLUSIVE for its whole length, so tx waits
// here for it: tx must take this lock before any other, the campaign's row above all,
// or a pause of the campaign would wait for the import too. No path that locks a
// campaign's row takes the leads table after it (a campaign stop, a pause, SaveTick
// lock no lead; an import and an erasure lock no campaign), so this order deadlocks
// with none.
func (s *Store) lockLeadsShared(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `LOCK TABLE leads IN SHARE MODE`); err != nil {
		return s.fail("lock the leads against an erasure meanwhile", err)
	}
	return nil
}

// withoutSuppressed returns recs less the enrollments of people on the suppression
// list, read in tx, the transaction that writes the enrollments: a start reads its
// leads before it enrolls them, and an erasure or an opt-out committed in between
// must win. An erasure deletes the lead's enrollments and puts the hashes of its keys
// on the list, so an enrollment written after it would hold the person's facts with
// nothing left to find and erase them by; an opted-out lead is never to be contacted.
//
// tx must hold the leads table in SHARE mode (lockLeadsShared) until it ends. A
// reference that names no key (not a lead's) is kept.
func (s *Store) withoutSuppressed(ctx context.Context, tx pgx.Tx, recs []paceline.EnrollmentRecord) ([]paceline.EnrollmentRecord, error) {
	if len(recs) == 0 {
		return recs, nil
	}
	hashes := make([]string, len(recs))
	for i, r := range recs {
		if k, err := lead.ParseRef(r.Lead); err == nil {
			hashes[i] = k.Hash()
		}
	}
	rows, err := tx.Query(ctx, `SELECT key_hash FROM suppressions WHERE key_hash = ANY($1)`, hashes)
	if err != nil {
		return nil, s.fail("check the suppression list", err)
	}
	suppressed := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return nil, s.fail("check the suppression list", err)
		}
		suppressed[h] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.fail("check the suppression list", err)
	}
	if len(suppressed) == 0 {
		return recs, nil
	}
	kept := make([]paceline.EnrollmentRecord, 0, len(recs))
	for i, r := range recs {
		if !suppressed[hashes[i]] {
			kept = append(kept, r)
		}
	}
	return kept, nil
}
