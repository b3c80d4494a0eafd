package postgres

import (
	"cmp"
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

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
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT ON (e.lead) e.id, c.name, e.lead, e.account, e.step, e.state, e.due,
		e.reason, e.lead_facts, e.snapshot, e.started_at, e.ended_at
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.account = $1 AND e.lead = ANY($2) AND e.state IN ('finished', 'stopped')
			AND e.snapshot <> '' AND c.state = 'active'
		ORDER BY e.lead, e.id DESC`, account, leadKeys)
	if err != nil {
		return nil, s.fail("read ended enrollments of "+account, err)
	}
	list, err := scanEnrollments(rows)
	if err != nil {
		return nil, s.fail("read ended enrollments of "+account, err)
	}
	slices.SortFunc(list, func(a, b paceline.EnrollmentRecord) int { return cmp.Compare(a.ID, b.ID) })
	return list, nil
}

// scanEnrollments reads enrollment records, in the column order RunningEnrollments
// selects, and closes rows.
func scanEnrollments(rows pgx.Rows) ([]paceline.EnrollmentRecord, error) {
	defer rows.Close()
	return enrollmentrow.Read(rows, fromNullTime)
}
