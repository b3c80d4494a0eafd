package webhook

import (
	"context"
	"time"
)

// FailedStore counts the deliveries given up (failed: their retries ran out, or the
// endpoint answered 410 Gone) and puts them back in the outbox, as package sqlite's
// and package postgres' Store do: paceline webhooks list shows the count, and
// paceline webhooks retry resends them once the receiver is fixed. Test messages
// (type "test", never retried: Deliverer.SendTest) are neither counted nor resent.
type FailedStore interface {
	// FailedWebhookDeliveries returns how many deliveries failed for good, by
	// endpoint; an endpoint with none is left out.
	FailedWebhookDeliveries(ctx context.Context) (map[int64]int, error)
	// RetryFailedWebhookDeliveries puts the endpoint's deliveries that failed at or
	// after since (zero: whenever) back to pending, due now on the store's clock
	// with no attempt counted, so that they get the whole retry schedule again, and
	// returns how many. An unknown endpoint has none.
	RetryFailedWebhookDeliveries(ctx context.Context, endpoint int64, since time.Time) (int, error)
}
