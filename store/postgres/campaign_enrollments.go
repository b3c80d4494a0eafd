package postgres

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/enrollmentrow"
)

// CampaignEnrollments returns the running enrollments (new, active or waiting) of the
// campaign named, on every account and whatever the campaign's state, oldest first: a
// paused campaign's leads still run, and resume with it. The AI review list reads it
// to tell a text that will never be sent from one whose campaign is only paused; a
// tick reads RunningEnrollments instead, since it must not send for a paused campaign.
func (s *Store) CampaignEnrollments(ctx context.Context, campaign string) ([]paceline.EnrollmentRecord, error) {
	return s.queryEnrollments(ctx, "enrollments of campaign "+campaign, `SELECT `+enrollmentrow.Columns+`
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE c.name = $1 AND e.state IN ('new', 'active', 'waiting')
		ORDER BY e.id`, campaign)
}
