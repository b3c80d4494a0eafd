package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
)

// UnlistLeads takes the leads ids off the list name, in one transaction: every one of
// them or, on an error, none. A lead that is not on the list (or not stored) is passed
// over; removed counts those that were on it, whose updated_at moves to now. The list
// itself stays, empty or not: a campaign may name it. Errors: ENOTFOUND when no list has
// the name.
func (s *Store) UnlistLeads(ctx context.Context, name string, ids []int64) (removed int, err error) {
	what := fmt.Sprintf("take leads off list %q", name)
	err = s.inTx(ctx, what, func(tx pgx.Tx) error {
		var listID int64
		err := tx.QueryRow(ctx, `SELECT id FROM lists WHERE name = $1`, name).Scan(&listID)
		if errors.Is(err, pgx.ErrNoRows) {
			return paceline.Errorf(paceline.ENOTFOUND, "no list is named %q", name)
		}
		if err != nil {
			return s.fail(what, err)
		}
		// In batches, so that a list of a million leads is not one array parameter.
		const batch = 10_000
		for start := 0; start < len(ids); start += batch {
			part := ids[start:min(len(ids), start+batch)]
			tag, err := tx.Exec(ctx, `WITH gone AS (
					DELETE FROM list_members WHERE list_id = $1 AND lead_id = ANY($2) RETURNING lead_id)
				UPDATE leads SET updated_at = $3 WHERE id IN (SELECT lead_id FROM gone)`, listID, part, s.now())
			if err != nil {
				return s.fail(what, err)
			}
			removed += int(tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return removed, nil
}
