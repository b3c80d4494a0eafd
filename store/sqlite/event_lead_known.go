package sqlite

import (
	"context"
	"fmt"
	"strings"
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
	in := strings.TrimSuffix(strings.Repeat("?, ", len(refs)), ", ")
	args := make([]any, 0, 3*len(refs))
	for range 3 {
		for _, r := range refs {
			args = append(args, r)
		}
	}
	var known bool
	err := s.db.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM enrollments WHERE lead IN (`+in+`))
		OR EXISTS (SELECT 1 FROM events WHERE lead IN (`+in+`))
		OR EXISTS (SELECT 1 FROM actions WHERE lead IN (`+in+`))`, args...).Scan(&known)
	if err != nil {
		return false, fmt.Errorf("look for lead %s in the runtime's records: %w", refs[0], err)
	}
	return known, nil
}
