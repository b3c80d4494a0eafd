package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// withoutSuppressed returns recs less the enrollments of people on the suppression
// list, read in tx, the transaction that writes the enrollments: a start reads its
// leads before it enrolls them, and an erasure or an opt-out committed in between
// must win. An erasure deletes the lead's enrollments and puts the hashes of its keys
// on the list, so an enrollment written after it would hold the person's facts with
// nothing left to find and erase them by; an opted-out lead is never to be contacted.
// The writer's lock SQLite takes at BEGIN (_txlock=immediate) orders the two: the
// erasure committed before tx began, or runs after it and deletes what it wrote.
// A reference that names no key (not a lead's) is kept.
func withoutSuppressed(ctx context.Context, tx *sql.Tx, recs []paceline.EnrollmentRecord) ([]paceline.EnrollmentRecord, error) {
	if len(recs) == 0 {
		return recs, nil
	}
	hashes := make([]string, len(recs))
	for i, r := range recs {
		if k, err := lead.ParseRef(r.Lead); err == nil {
			hashes[i] = k.Hash()
		}
	}
	list, err := json.Marshal(hashes)
	if err != nil {
		return nil, fmt.Errorf("check the suppression list: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT key_hash FROM suppressions WHERE key_hash IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("check the suppression list: %w", err)
	}
	defer rows.Close()
	suppressed := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("check the suppression list: %w", err)
		}
		suppressed[h] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check the suppression list: %w", err)
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
