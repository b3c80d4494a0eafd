package postgres

import "context"

// StoppedReasons counts the campaign's stopped enrollments by why they stopped (the
// event kind that stopped them, such as bounced or opted_out, or "failed"): campaigns
// status says how many leads a bounce and an opt-out took out. Errors: ENOTFOUND for
// an unknown campaign.
func (s *Store) StoppedReasons(ctx context.Context, campaign string) (map[string]int, error) {
	c, err := s.Campaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	out, err := s.countBy(ctx, `SELECT reason, COUNT(*) FROM enrollments WHERE campaign_id = $1 AND state = 'stopped' GROUP BY reason`, c.ID)
	if err != nil {
		return nil, s.fail("count the stopped enrollments of "+campaign, err)
	}
	return out, nil
}
