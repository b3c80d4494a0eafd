package postgres

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/eventrow"
	"github.com/paceline/paceline/store/internal/row"
)

// AnswersElsewhere returns the answers (replied, opted_out and bounced events) that
// other accounts recorded for the leads of the account's running enrollments, each at
// or after its enrollment started, oldest first: a reply on any channel and to any
// account stops the lead's sequence (engine.Observe), so the account's tick applies
// them with its own events.
func (s *Store) AnswersElsewhere(ctx context.Context, account string) ([]paceline.Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+eventrow.ColumnsOf("e")+`
		FROM enrollments n JOIN events e ON e.lead = n.lead
		WHERE n.account = $1 AND n.state IN ('new', 'active', 'waiting')
		  AND e.account <> n.account AND e.at >= n.started_at AND e.type IN ('replied', 'opted_out', 'bounced')
		ORDER BY e.id`, account)
	if err != nil {
		return nil, s.fail("read answers to other accounts for "+account, err)
	}
	defer rows.Close()
	fail := s.failing("read answers to other accounts for " + account)
	return row.All(rows, row.Wrap(scanEvent, fail), fail)
}
