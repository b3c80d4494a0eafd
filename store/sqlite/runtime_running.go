package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// RunningLeadCampaigns maps the reference of every lead running (new, active or
// waiting) in a campaign, whatever the campaign's state, to that campaign's name: a
// start that leaves a lead out because it runs elsewhere says where.
func (s *Store) RunningLeadCampaigns(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := eachRow(ctx, s.db, `SELECT e.lead, c.name FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.state IN ('new', 'active', 'waiting')`, nil, func(r *sql.Rows) error {
		var lead, campaign string
		err := r.Scan(&lead, &campaign)
		out[lead] = campaign
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the campaigns leads run in: %w", err)
	}
	return out, nil
}
