package postgres

import (
	"context"
	"fmt"
	"time"
)

// FailedWebhookDeliveries counts the failed deliveries by endpoint, through the index
// webhook_deliveries_due (state first), as store/sqlite does; see webhook.FailedStore.
func (s *Store) FailedWebhookDeliveries(ctx context.Context) (map[int64]int, error) {
	const what = "count failed webhook deliveries"
	rows, err := s.pool.Query(ctx, `SELECT endpoint, count(*) FROM webhook_deliveries
		WHERE state = 'failed' AND type <> 'test' GROUP BY endpoint`)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	n := map[int64]int{}
	for rows.Next() {
		var ep, k int64
		if err := rows.Scan(&ep, &k); err != nil {
			return nil, s.fail(what, err)
		}
		n[ep] = int(k)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(what, err)
	}
	return n, nil
}

// RetryFailedWebhookDeliveries puts failed deliveries back to pending, due now with no
// attempt counted, as store/sqlite does; see webhook.FailedStore.
func (s *Store) RetryFailedWebhookDeliveries(ctx context.Context, endpoint int64, since time.Time) (int, error) {
	now := dbTime(s.now())
	res, err := s.pool.Exec(ctx, `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt = $1, updated_at = $1
		WHERE state = 'failed' AND type <> 'test' AND endpoint = $2 AND updated_at >= $3`,
		now, endpoint, dbTime(since))
	if err != nil {
		return 0, s.fail(fmt.Sprintf("retry failed webhook deliveries of endpoint %d", endpoint), err)
	}
	return int(res.RowsAffected()), nil
}
