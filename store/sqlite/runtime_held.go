package sqlite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
)

// SetLeadFacts replaces the lead facts of one enrollment: what resuming a held step
// writes (the refreshed lead and the request). A tick never writes them, so a tick
// running meanwhile cannot undo it. Errors: ENOTFOUND.
func (s *Store) SetLeadFacts(ctx context.Context, id int64, facts string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE enrollments SET lead_facts = ?, updated_at = ? WHERE id = ?`, facts, s.now(), id)
	if err != nil {
		return fmt.Errorf("save the lead facts of enrollment %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paceline.Errorf(paceline.ENOTFOUND, "there is no enrollment %d", id)
	}
	return nil
}
