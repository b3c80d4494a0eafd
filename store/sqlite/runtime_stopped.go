package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// StoppedReasons counts the campaign's stopped enrollments by why they stopped (the
// event kind that stopped them, such as bounced or opted_out, or "failed"): campaigns
// status says how many leads a bounce and an opt-out took out. Errors: ENOTFOUND for
// an unknown campaign.
func (s *Store) StoppedReasons(ctx context.Context, campaign string) (map[string]int, error) {
	c, err := s.Campaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	if err := eachRow(ctx, s.db, `SELECT reason, COUNT(*) FROM enrollments WHERE campaign_id = ? AND state = 'stopped' GROUP BY reason`,
		[]any{c.ID}, func(r *sql.Rows) error {
			var reason string
			var n int
			err := r.Scan(&reason, &n)
			out[reason] = n
			return err
		}); err != nil {
		return nil, fmt.Errorf("count the stopped enrollments of %s: %w", campaign, err)
	}
	return out, nil
}
