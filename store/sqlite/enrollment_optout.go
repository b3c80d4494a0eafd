package sqlite

import (
	"context"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/enrollmentrow"
)

// OptOutStops returns the account's enrollments stopped because their lead opted out
// without an opted_out event of that account naming them (an opt-out by paceline
// leads optout, the API or the dashboard: the tick found the lead on the suppression
// list; or one recorded on another account, which stops the lead's sequences
// everywhere), that ended at or after since, by end. No event of the account tells of
// these opt-outs, so the webhook relay tells them from here; an opted_out event is
// told itself, as its own account's.
func (s *Store) OptOutStops(ctx context.Context, account string, since time.Time) ([]paceline.EnrollmentRecord, error) {
	return s.queryEnrollments(ctx, "enrollments of "+account+" stopped by an opt-out", `SELECT `+enrollmentrow.Columns+`
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.account = ? AND e.state = 'stopped' AND e.reason = 'opted_out' AND e.ended_at >= ?
			AND NOT EXISTS (SELECT 1 FROM events ev WHERE ev.account = e.account AND ev.lead = e.lead AND ev.type = 'opted_out')
		ORDER BY e.ended_at, e.id`, account, since.UTC())
}
