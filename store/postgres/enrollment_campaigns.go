package postgres

import (
	"context"
	"fmt"
)

// EnrollmentCampaigns maps each of the leads (runtime references, as events and
// enrollments name them) that has an enrollment on the account to the campaign of
// that enrollment: the running one (new, active or waiting), else the latest ended,
// whatever the campaign's state. A webhook names the campaign so that an agency can
// route an event to its client; a lead with no enrollment on the account is absent.
func (s *Store) EnrollmentCampaigns(ctx context.Context, account string, leads []string) (map[string]string, error) {
	out := map[string]string{}
	if len(leads) == 0 {
		return out, nil
	}
	what := fmt.Sprintf("read the campaigns of %d leads on %s", len(leads), account)
	// Running last, then by id: the last row of a lead is the one that counts.
	rows, err := s.pool.Query(ctx, `SELECT e.lead, c.name FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.account = $1 AND e.lead = ANY($2)
		ORDER BY e.state IN ('new', 'active', 'waiting'), e.id`, account, leads)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
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
