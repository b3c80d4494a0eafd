package postgres

import (
	"context"
	"strconv"

	"github.com/paceline/paceline"
)

// SetLeadFacts replaces the lead facts of one enrollment: what resuming a held step
// writes (the refreshed lead and the request). A tick never writes them, so a tick
// running meanwhile cannot undo it. Errors: ENOTFOUND.
func (s *Store) SetLeadFacts(ctx context.Context, id int64, facts string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE enrollments SET lead_facts = $1, updated_at = $2 WHERE id = $3`, facts, dbTime(s.now()), id)
	if err != nil {
		return s.fail("save the lead facts of enrollment "+strconv.FormatInt(id, 10), err)
	}
	if tag.RowsAffected() == 0 {
		return paceline.Errorf(paceline.ENOTFOUND, "there is no enrollment %d", id)
	}
	return nil
}
