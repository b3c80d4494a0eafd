package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/enrollmentrow"
)

// endedBatch is how many lead keys one query of LatestEndedEnrollments binds, well
// under SQLite's limit on host parameters.
const endedBatch = 500

// LatestEndedEnrollments returns, for each of the given leads that has one, the most
// recent ended (finished or stopped) enrollment on the account in an active campaign
// that a tick has saved a snapshot of, in id order; the most recent is the highest id,
// as a lead runs in one enrollment at a time. A tick restores them so an accept or a
// reply that arrives after the enrollment ended is still credited to the variant it
// sent.
func (s *Store) LatestEndedEnrollments(ctx context.Context, account string, leadKeys []string) ([]paceline.EnrollmentRecord, error) {
	var list []paceline.EnrollmentRecord
	for len(leadKeys) > 0 {
		batch := leadKeys[:min(len(leadKeys), endedBatch)]
		leadKeys = leadKeys[len(batch):]
		args := make([]any, 0, len(batch)+1)
		args = append(args, account)
		for _, k := range batch {
			args = append(args, k)
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(batch)), ", ")
		got, err := s.queryEnrollments(ctx, "ended enrollments of "+account, `SELECT id, campaign, lead, account, step, state, due,
			reason, lead_facts, snapshot, started_at, ended_at, held, include_replied FROM (
				SELECT `+enrollmentrow.Columns+`,
					ROW_NUMBER() OVER (PARTITION BY e.lead ORDER BY e.id DESC) AS n
				FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
				WHERE e.account = ? AND e.lead IN (`+marks+`) AND e.state IN ('finished', 'stopped')
					AND e.snapshot <> '' AND c.state = 'active'
			) WHERE n = 1 ORDER BY id`, args...)
		if err != nil {
			return nil, err
		}
		list = append(list, got...)
	}
	return list, nil
}

// queryEnrollments runs a query of enrollmentrow.Columns and reads its records; what
// names them in errors.
func (s *Store) queryEnrollments(ctx context.Context, what, query string, args ...any) ([]paceline.EnrollmentRecord, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	list, err := enrollmentrow.Read(rows, fromNullTime)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return list, nil
}
