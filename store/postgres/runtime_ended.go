package postgres

import (
	"cmp"
	"context"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/enrollmentrow"
)

// LatestEndedEnrollments returns, for each of the given leads that has one, the most
// recent ended (finished or stopped) enrollment on the account in an active campaign
// that a tick has saved a snapshot of, in id order; the most recent is the highest id,
// as a lead runs in one enrollment at a time. A tick restores them so an accept or a
// reply that arrives after the enrollment ended is still credited to the variant it
// sent.
func (s *Store) LatestEndedEnrollments(ctx context.Context, account string, leadKeys []string) ([]paceline.EnrollmentRecord, error) {
	if len(leadKeys) == 0 {
		return nil, nil
	}
	list, err := s.queryEnrollments(ctx, "ended enrollments of "+account, `SELECT DISTINCT ON (e.lead) `+enrollmentrow.Columns+`
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.account = $1 AND e.lead = ANY($2) AND e.state IN ('finished', 'stopped')
			AND e.snapshot <> '' AND c.state = 'active'
		ORDER BY e.lead, e.id DESC`, account, leadKeys)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b paceline.EnrollmentRecord) int { return cmp.Compare(a.ID, b.ID) })
	return list, nil
}

// queryEnrollments runs a query of enrollmentrow.Columns and reads its records; what
// names them in errors.
func (s *Store) queryEnrollments(ctx context.Context, what, query string, args ...any) ([]paceline.EnrollmentRecord, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, s.fail("read "+what, err)
	}
	defer rows.Close()
	list, err := enrollmentrow.Read(rows, fromNullTime)
	if err != nil {
		return nil, s.fail("read "+what, err)
	}
	return list, nil
}
