package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
)

// UnlistLeads takes the leads ids off the list name, in one transaction: every one of
// them or, on an error, none. When since is not zero it takes off only the leads that
// joined the list at or after since, which undoes one import (they all join at the
// import's instant) and leaves the members from before it. A lead that is not on the
// list (or not stored) is passed over; removed holds, in the order of ids, those taken
// off, whose updated_at moves to now, and before counts those left on the list because
// they joined it before since. The list itself stays,
// empty or not: a campaign may name it. Errors: ENOTFOUND when no list has the name.
func (s *Store) UnlistLeads(ctx context.Context, name string, ids []int64, since time.Time) (removed []int64, before int, err error) {
	what := fmt.Sprintf("take leads off list %q", name)
	gone := map[int64]bool{}
	unique := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !gone[id] {
			gone[id] = true
			unique = append(unique, id)
		}
	}
	clear(gone)
	err = s.inTx(ctx, what, func(tx pgx.Tx) error {
		var listID int64
		err := tx.QueryRow(ctx, `SELECT id FROM lists WHERE name = $1`, name).Scan(&listID)
		if errors.Is(err, pgx.ErrNoRows) {
			return paceline.Errorf(paceline.ENOTFOUND, "no list is named %q", name)
		}
		if err != nil {
			return s.fail(what, err)
		}
		// A zero since stands for "whenever": the '-infinity' every added_at follows.
		var after any = "-infinity"
		if !since.IsZero() {
			after = dbTime(since)
		}
		// In batches, so that a list of a million leads is not one array parameter.
		const batch = 10_000
		for start := 0; start < len(unique); start += batch {
			part := unique[start:min(len(unique), start+batch)]
			rows, err := tx.Query(ctx, `WITH gone AS (
					DELETE FROM list_members WHERE list_id = $1 AND lead_id = ANY($2) AND added_at >= $4::timestamptz
					RETURNING lead_id)
				UPDATE leads SET updated_at = $3 WHERE id IN (SELECT lead_id FROM gone) RETURNING id`,
				listID, part, s.now(), after)
			if err != nil {
				return s.fail(what, err)
			}
			got, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return s.fail(what, err)
			}
			for _, id := range got {
				gone[id] = true
			}
			if since.IsZero() {
				continue
			}
			var left int
			err = tx.QueryRow(ctx, `SELECT count(*) FROM list_members WHERE list_id = $1 AND lead_id = ANY($2)`,
				listID, part).Scan(&left)
			if err != nil {
				return s.fail(what, err)
			}
			before += left
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for _, id := range ids {
		if gone[id] {
			removed = append(removed, id)
			delete(gone, id) // named twice: once
		}
	}
	return removed, before, nil
}
