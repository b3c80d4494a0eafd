package webhook

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// Outbox writes webhook deliveries into the store, one per endpoint that wants a
// message. Call it where the event is recorded: the delivery is then as durable as
// the event, and Deliverer sends it later. Relay enqueues what other processes
// recorded.
type Outbox struct {
	Store paceline.WebhookStore
	// NowFunc gives the first attempt's time; nil means time.Now. With a sped-up
	// clock, pass the runtime's clock so deliveries fall due on the same time line
	// that DeliverDue is called with.
	NowFunc func() time.Time
	// NewIDFunc makes webhook-ids; nil means NewID.
	NewIDFunc func() string
}

// Enqueue writes a delivery of the event for every active endpoint that subscribed
// to its type, and returns how many were new: enqueueing the same event (same Key)
// again writes nothing.
func (o *Outbox) Enqueue(ctx context.Context, e paceline.Event) (int, error) {
	m, err := EventMessage(e)
	if err != nil {
		return 0, err
	}
	return o.EnqueueMessage(ctx, m)
}

// EnqueueCampaignPaused tells the endpoints that a campaign was paused, and why.
func (o *Outbox) EnqueueCampaignPaused(ctx context.Context, campaign, reason string, at time.Time) (int, error) {
	return o.EnqueueMessage(ctx, CampaignPausedMessage(campaign, reason, at))
}

// EnqueueMessage writes a delivery of m for every active endpoint that wants its type.
func (o *Outbox) EnqueueMessage(ctx context.Context, m Message) (int, error) {
	if m.Key == "" || m.Type == "" {
		return 0, paceline.Errorf(paceline.EINVALID, "a webhook message needs a key and a type")
	}
	eps, err := o.wanting(ctx, m.Type)
	if err != nil {
		return 0, fmt.Errorf("enqueue webhook %s: %w", m.Key, err)
	}
	return o.enqueueTo(ctx, eps, m, false)
}

// wanting returns the active endpoints that want the payload type typ.
func (o *Outbox) wanting(ctx context.Context, typ string) ([]*paceline.WebhookEndpoint, error) {
	eps, err := o.Store.WebhookEndpoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("read webhook endpoints: %w", err)
	}
	return slices.DeleteFunc(eps, func(ep *paceline.WebhookEndpoint) bool { return !ep.Active || !ep.Wants(typ) }), nil
}

// enqueueTo writes a delivery of m for each of eps (which want its type). With
// sinceAdded, an endpoint added after m.At is left out: a sweep that finds what
// happened before the endpoint existed does not send it the past.
func (o *Outbox) enqueueTo(ctx context.Context, eps []*paceline.WebhookEndpoint, m Message, sinceAdded bool) (int, error) {
	var body []byte
	var err error
	n := 0
	for _, ep := range eps {
		if !ep.Wants(m.Type) || sinceAdded && ep.CreatedAt.After(m.At) {
			continue
		}
		if body == nil {
			if body, err = m.body(); err != nil {
				return n, err
			}
		}
		created, err := o.enqueue(ctx, ep.ID, m, body)
		if err != nil {
			return n, err
		}
		if created {
			n++
		}
	}
	return n, nil
}

func (o *Outbox) enqueue(ctx context.Context, endpoint int64, m Message, body []byte) (bool, error) {
	d := &paceline.WebhookDelivery{
		ID: o.newID(), Endpoint: endpoint, EventKey: m.Key, Type: m.Type, Payload: body,
		NextAttempt: o.now(), State: paceline.WebhookPending,
	}
	created, err := o.Store.EnqueueWebhookDelivery(ctx, d)
	if paceline.ErrorCode(err) == paceline.ENOTFOUND {
		return false, nil // the endpoint was removed meanwhile
	}
	if err != nil {
		return false, fmt.Errorf("enqueue webhook %s for endpoint %d: %w", m.Key, endpoint, err)
	}
	return created, nil
}

func (o *Outbox) now() time.Time {
	if o.NowFunc != nil {
		return o.NowFunc()
	}
	return time.Now()
}

func (o *Outbox) newID() string {
	if o.NewIDFunc != nil {
		return o.NewIDFunc()
	}
	return NewID()
}

// NewID returns a new random webhook-id, "msg_" and 26 base32 characters (128 bits).
func NewID() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return "msg_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
