package postgres

import (
	"context"
)

// RunningLeadCampaigns maps the reference of every lead running (new, active or
// waiting) in a campaign, whatever the campaign's state, to that campaign's name: a
// start that leaves a lead out because it runs elsewhere says where.
func (s *Store) RunningLeadCampaigns(ctx context.Context) (map[string]string, error) {
	const what = "read the campaigns leads run in"
	rows, err := s.pool.Query(ctx, `SELECT e.lead, c.name FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.state IN ('new', 'active', 'waiting')`)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var lead, campaign string
		if err := rows.Scan(&lead, &campaign); err != nil {
			return nil, s.fail(what, err)
		}
		out[lead] = campaign
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(what, err)
	}
	return out, nil
}
