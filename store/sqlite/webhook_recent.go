package sqlite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
	"github.com/paceline/paceline/store/internal/webhookrow"
)

// RecentWebhookDeliveries returns up to limit of the endpoint's deliveries, the latest
// enqueued first, through the index webhook_deliveries_recent (migration 0015): an
// endpoint's outbox is never pruned, so without it each look read all of its rows.
func (s *Store) RecentWebhookDeliveries(ctx context.Context, endpoint int64, limit int) ([]*paceline.WebhookDelivery, error) {
	if limit <= 0 {
		limit = webhookrow.DefaultClaimLimit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+webhookrow.DeliveryColumns+` FROM webhook_deliveries
		WHERE endpoint = ? ORDER BY created_at DESC, id DESC LIMIT ?`, endpoint, limit)
	if err != nil {
		return nil, fmt.Errorf("list deliveries of webhook endpoint %d: %w", endpoint, err)
	}
	defer rows.Close()
	return row.All(rows, scanWebhookDelivery, failing(fmt.Sprintf("list deliveries of webhook endpoint %d", endpoint)))
}
