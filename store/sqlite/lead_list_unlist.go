package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	var listID int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM lists WHERE name = ?`, name).Scan(&listID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, paceline.Errorf(paceline.ENOTFOUND, "no list is named %q", name)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	q, args := `DELETE FROM list_members WHERE list_id = ? AND lead_id = ?`, []any{listID, nil}
	if !since.IsZero() {
		// added_at is UTC text in the driver's layout, which sorts in time order.
		q, args = q+` AND added_at >= ?`, append(args, since.UTC())
	}
	del, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	defer del.Close()
	touch, err := tx.PrepareContext(ctx, `UPDATE leads SET updated_at = ? WHERE id = ?`)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	defer touch.Close()
	stays, err := tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM list_members WHERE list_id = ? AND lead_id = ?)`)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	defer stays.Close()
	seen := map[int64]bool{}
	now := s.now()
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		args[1] = id
		res, err := del.ExecContext(ctx, args...)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: lead %d: %w", what, id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, 0, fmt.Errorf("%s: lead %d: %w", what, id, err)
		}
		if n == 0 && !since.IsZero() {
			var on bool
			if err := stays.QueryRowContext(ctx, listID, id).Scan(&on); err != nil {
				return nil, 0, fmt.Errorf("%s: lead %d: %w", what, id, err)
			}
			if on {
				before++
			}
		}
		if n == 0 {
			continue // not on the list, or on it from before since
		}
		removed = append(removed, id)
		if _, err := touch.ExecContext(ctx, now, id); err != nil {
			return nil, 0, fmt.Errorf("%s: lead %d: %w", what, id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	return removed, before, nil
}
