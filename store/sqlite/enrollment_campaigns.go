package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// EnrollmentCampaigns maps each of the leads (runtime references, as events and
// enrollments name them) that has an enrollment on the account to the campaign of
// that enrollment: the running one (new, active or waiting), else the latest ended,
// whatever the campaign's state. A webhook names the campaign so that an agency can
// route an event to its client; a lead with no enrollment on the account is absent.
func (s *Store) EnrollmentCampaigns(ctx context.Context, account string, leads []string) (map[string]string, error) {
	out := map[string]string{}
	for len(leads) > 0 {
		batch := leads[:min(len(leads), endedBatch)]
		leads = leads[len(batch):]
		args := make([]any, 0, len(batch)+1)
		args = append(args, account)
		for _, l := range batch {
			args = append(args, l)
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(batch)), ", ")
		// Running last, then by id: the last row of a lead is the one that counts.
		err := eachRow(ctx, s.db, `SELECT e.lead, c.name FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
			WHERE e.account = ? AND e.lead IN (`+marks+`)
			ORDER BY e.state IN ('new', 'active', 'waiting'), e.id`, args, func(r *sql.Rows) error {
			var lead, campaign string
			err := r.Scan(&lead, &campaign)
			out[lead] = campaign
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("read the campaigns of %d leads on %s: %w", len(batch), account, err)
		}
	}
	return out, nil
}
