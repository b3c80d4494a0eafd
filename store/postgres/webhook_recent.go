package postgres

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
	"github.com/paceline/paceline/store/internal/webhookrow"
)

// RecentWebhookDeliveries returns up to limit of the endpoint's deliveries, the latest
// enqueued first, through the index webhook_deliveries_recent (migration 0015), as
// store/sqlite does.
func (s *Store) RecentWebhookDeliveries(ctx context.Context, endpoint int64, limit int) ([]*paceline.WebhookDelivery, error) {
	if limit <= 0 {
		limit = webhookrow.DefaultClaimLimit
	}
	what := fmt.Sprintf("list deliveries of webhook endpoint %d", endpoint)
	rows, err := s.pool.Query(ctx, `SELECT `+webhookrow.DeliveryColumns+` FROM webhook_deliveries
		WHERE endpoint = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, endpoint, limit)
	if err != nil {
		return nil, s.fail(what, err)
	}
	defer rows.Close()
	return row.All(rows, scanWebhookDelivery, s.failing(what))
}
