package postgres

import (
	"context"
	"time"
)

// CampaignFirstActions returns each account that recorded an action for the campaign
// with the time of its first one: campaigns status (api.CampaignFunnel) reads only
// those accounts' ledgers from then on, not every account's whole history.
func (s *Store) CampaignFirstActions(ctx context.Context, campaign string) (map[string]time.Time, error) {
	what := "read the accounts that acted for campaign " + campaign
	rows, err := s.pool.Query(ctx, `SELECT account, MIN(at)
		FROM actions WHERE campaign = $1 GROUP BY account`, campaign)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var (
			account string
			at      time.Time
		)
		if err := rows.Scan(&account, &at); err != nil {
			return nil, s.fail(what, err)
		}
		out[account] = at.UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(what, err)
	}
	return out, nil
}
