package paceline

import (
	"context"
	"time"
)

// WebhookEndpoint is a URL that receives paceline's events as signed HTTP POSTs
// (Standard Webhooks; package webhook signs and delivers).
type WebhookEndpoint struct {
	ID  int64
	URL string
	// Secret is the signing secret sealed with the secret key (secret.Key.Seal): it must
	// be recoverable to sign, so it cannot be hashed, and it never sits in plain text.
	Secret string
	// Events lists the payload types the endpoint wants; nil means every type.
	Events []string
	// Active is false once the receiver answered 410 Gone (or a user disabled it):
	// nothing is enqueued for it or sent to it.
	Active bool
	// Disabled says why the endpoint is inactive.
	Disabled  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Wants reports whether the endpoint subscribed to the payload type typ.
func (e *WebhookEndpoint) Wants(typ string) bool {
	if len(e.Events) == 0 {
		return true
	}
	for _, t := range e.Events {
		if t == typ {
			return true
		}
	}
	return false
}

// WebhookState is where a webhook delivery stands.
type WebhookState string

// The delivery states: pending until the receiver answers 2xx (delivered) or the
// retries run out or the endpoint is gone (failed).
const (
	WebhookPending   WebhookState = "pending"
	WebhookDelivered WebhookState = "delivered"
	WebhookFailed    WebhookState = "failed"
)

// Valid reports whether s is one of the delivery states.
func (s WebhookState) Valid() bool {
	return s == WebhookPending || s == WebhookDelivered || s == WebhookFailed
}

// WebhookDelivery is one message for one endpoint, kept in an outbox until it is
// delivered or given up: the row is written with the event, so a crash between the
// event and the POST loses nothing.
type WebhookDelivery struct {
	// ID is the message's webhook-id header: the same on every retry, so a receiver
	// can drop a message it already processed.
	ID       string
	Endpoint int64
	// EventKey identifies the event: one delivery per event key and endpoint.
	EventKey string
	Type     string
	// Payload is the JSON body, fixed at enqueue so every retry sends the same bytes.
	Payload     []byte
	Attempts    int
	NextAttempt time.Time
	State       WebhookState
	// LastStatus is the HTTP status of the last attempt (0 when none came back) and
	// LastError what went wrong with it.
	LastStatus  int
	LastError   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DeliveredAt time.Time
}

// WebhookStore keeps webhook endpoints and the delivery outbox. The rules (what
// matches, when to retry, what a status means) live in package webhook; the store
// only guards what must be atomic: one delivery per event key and endpoint, and one
// worker per delivery at a time.
//
// Errors: EINVALID for bad fields, ENOTFOUND for a missing endpoint or delivery.
type WebhookStore interface {
	// CreateWebhookEndpoint stores e and sets its ID and times.
	CreateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error
	WebhookEndpoint(ctx context.Context, id int64) (*WebhookEndpoint, error)
	// WebhookEndpoints returns every endpoint, by ID.
	WebhookEndpoints(ctx context.Context) ([]*WebhookEndpoint, error)
	// DeleteWebhookEndpoint removes the endpoint and its deliveries.
	DeleteWebhookEndpoint(ctx context.Context, id int64) error
	// SetWebhookEndpointActive turns an endpoint on or off, saying why when off.
	SetWebhookEndpointActive(ctx context.Context, id int64, active bool, why string) error

	// EnqueueWebhookDelivery stores d once per (Endpoint, EventKey): created is false,
	// and d filled from the stored delivery, when that pair is already known.
	EnqueueWebhookDelivery(ctx context.Context, d *WebhookDelivery) (created bool, err error)
	WebhookDelivery(ctx context.Context, id string) (*WebhookDelivery, error)
	// RecentWebhookDeliveries returns up to limit of the endpoint's deliveries, the
	// latest enqueued first: what the dashboard shows of how the endpoint fares. An
	// unknown endpoint has none.
	RecentWebhookDeliveries(ctx context.Context, endpoint int64, limit int) ([]*WebhookDelivery, error)
	// ClaimWebhookDeliveries returns up to limit pending deliveries of active
	// endpoints whose next attempt is at or before now (the longest waiting when
	// limit binds; the returned order is not promised), and moves their
	// next attempt to until in the same statement: another worker does not take them
	// while this one sends, and a worker that dies leaves them to be retried at until.
	ClaimWebhookDeliveries(ctx context.Context, now, until time.Time, limit int) ([]*WebhookDelivery, error)
	// UpdateWebhookDelivery writes d's attempts, next attempt, state, last status and
	// error, and delivered time.
	UpdateWebhookDelivery(ctx context.Context, d *WebhookDelivery) error
}
