package postgres

import (
	"context"
	"strconv"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/enrollmentrow"
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

// HeldEnrollments returns the running enrollments in active campaigns whose step the
// engine holds for a person (Held), by account name (byte by byte, as Accounts sorts
// them), then oldest first; only the lead's in the campaign when lead is not empty.
// It reads the flagged rows alone, through migration 0011's partial index.
func (s *Store) HeldEnrollments(ctx context.Context, campaign, lead string) ([]paceline.EnrollmentRecord, error) {
	return s.queryEnrollments(ctx, "held enrollments", `SELECT `+enrollmentrow.Columns+`
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.held AND e.state IN ('new', 'active', 'waiting') AND c.state = 'active'
			AND ($1 = '' OR e.lead = $1 AND c.name = $2)
		ORDER BY e.account COLLATE "C", e.id`, lead, campaign)
}
