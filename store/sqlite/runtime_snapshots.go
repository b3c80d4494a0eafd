package sqlite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline/store/internal/row"
)

// CampaignSnapshots returns the engine snapshots (JSON) of every enrollment of the
// campaign, running and ended, oldest first; an enrollment no tick has picked up yet
// has none and is left out. The variant report rebuilds each A/B step's counts from
// them. Errors: ENOTFOUND for an unknown campaign.
func (s *Store) CampaignSnapshots(ctx context.Context, campaign string) ([]string, error) {
	c, err := s.Campaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT snapshot FROM enrollments
		WHERE campaign_id = ? AND snapshot <> '' ORDER BY id`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("read the enrollments of %s: %w", campaign, err)
	}
	defer rows.Close()
	fail := failing("read the enrollments of " + campaign)
	return row.All(rows, row.Wrap(row.One[string], fail), fail)
}
