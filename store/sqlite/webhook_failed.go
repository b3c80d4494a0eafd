package sqlite

import (
	"context"
	"fmt"
	"time"
)

// FailedWebhookDeliveries counts the failed deliveries by endpoint, through the index
// webhook_deliveries_due (state first); see webhook.FailedStore.
func (s *Store) FailedWebhookDeliveries(ctx context.Context) (map[int64]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT endpoint, count(*) FROM webhook_deliveries
		WHERE state = 'failed' AND type <> 'test' GROUP BY endpoint`)
	if err != nil {
		return nil, fmt.Errorf("count failed webhook deliveries: %w", err)
	}
	defer rows.Close()
	n := map[int64]int{}
	for rows.Next() {
		var ep int64
		var k int
		if err := rows.Scan(&ep, &k); err != nil {
			return nil, fmt.Errorf("count failed webhook deliveries: %w", err)
		}
		n[ep] = k
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count failed webhook deliveries: %w", err)
	}
	return n, nil
}

// RetryFailedWebhookDeliveries puts failed deliveries back to pending, due now with no
// attempt counted; see webhook.FailedStore. A failed delivery's updated_at is when it
// failed.
func (s *Store) RetryFailedWebhookDeliveries(ctx context.Context, endpoint int64, since time.Time) (int, error) {
	now := s.now().UTC()
	res, err := s.db.ExecContext(ctx, `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt = ?, updated_at = ?
		WHERE state = 'failed' AND type <> 'test' AND endpoint = ? AND updated_at >= ?`,
		now, now, endpoint, since.UTC())
	if err != nil {
		return 0, fmt.Errorf("retry failed webhook deliveries of endpoint %d: %w", endpoint, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("retry failed webhook deliveries of endpoint %d: %w", endpoint, err)
	}
	return int(n), nil
}
