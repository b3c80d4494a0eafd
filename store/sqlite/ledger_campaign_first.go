package sqlite

import (
	"context"
	"fmt"
	"time"
)

// campaignFirstActionsQuery reads, through actions_campaign (migration 0024), each
// account that acted for a campaign with the row of its first action.
const campaignFirstActionsQuery = `SELECT account, at, MIN(at)
		FROM actions WHERE campaign = ? GROUP BY account`

// CampaignFirstActions returns each account that recorded an action for the campaign
// with the time of its first one: campaigns status (api.CampaignFunnel) reads only
// those accounts' ledgers from then on, not every account's whole history.
func (s *Store) CampaignFirstActions(ctx context.Context, campaign string) (map[string]time.Time, error) {
	what := "read the accounts that acted for campaign " + campaign
	// at is the bare column of the row MIN chose (SQLite), scanned as a timestamp.
	rows, err := s.db.QueryContext(ctx, campaignFirstActionsQuery, campaign)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var (
			account string
			at      time.Time
			least   any
		)
		if err := rows.Scan(&account, &at, &least); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[account] = at.UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
