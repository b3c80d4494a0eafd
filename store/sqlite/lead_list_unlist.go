package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paceline/paceline"
)

// UnlistLeads takes the leads ids off the list name, in one transaction: every one of
// them or, on an error, none. A lead that is not on the list (or not stored) is passed
// over; removed counts those that were on it, whose updated_at moves to now. The list
// itself stays, empty or not: a campaign may name it. Errors: ENOTFOUND when no list has
// the name.
func (s *Store) UnlistLeads(ctx context.Context, name string, ids []int64) (removed int, err error) {
	what := fmt.Sprintf("take leads off list %q", name)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	var listID int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM lists WHERE name = ?`, name).Scan(&listID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, paceline.Errorf(paceline.ENOTFOUND, "no list is named %q", name)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM list_members WHERE list_id = ? AND lead_id = ?`)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	defer del.Close()
	touch, err := tx.PrepareContext(ctx, `UPDATE leads SET updated_at = ? WHERE id = ?`)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	defer touch.Close()
	now := s.now()
	for _, id := range ids {
		res, err := del.ExecContext(ctx, listID, id)
		if err != nil {
			return 0, fmt.Errorf("%s: lead %d: %w", what, id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("%s: lead %d: %w", what, id, err)
		}
		if n == 0 {
			continue // not on the list, or named twice
		}
		removed++
		if _, err := touch.ExecContext(ctx, now, id); err != nil {
			return 0, fmt.Errorf("%s: lead %d: %w", what, id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return removed, nil
}
