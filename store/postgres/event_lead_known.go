package postgres

import (
	"context"
)

// LeadRefKnown reports whether the runtime knows a person by one of refs: an
// enrollment of theirs (running or ended), an action of the ledger or an event names
// them. A lead reported to POST /api/v1/events that the leads table does not hold
// (one imported by hand into the ledger, or known only from an archive) is taken when
// it is known here, and refused when it is not.
func (s *Store) LeadRefKnown(ctx context.Context, refs []string) (bool, error) {
	if len(refs) == 0 {
		return false, nil
	}
	var known bool
	err := s.pool.QueryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM enrollments WHERE lead = ANY($1))
		OR EXISTS (SELECT 1 FROM events WHERE lead = ANY($1))
		OR EXISTS (SELECT 1 FROM actions WHERE lead = ANY($1))`, refs).Scan(&known)
	if err != nil {
		return false, s.fail("look for lead "+refs[0]+" in the runtime's records", err)
	}
	return known, nil
}
