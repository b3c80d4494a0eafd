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
	// Campaigns names the campaign of an event's lead in its payload; nil leaves the
	// campaign out.
	Campaigns CampaignReader
	// NowFunc gives the first attempt's time; nil means time.Now. Leave it nil but
	// in tests: deliveries fall due on the wall clock DeliverDue is called with, even
	// under a sped-up runtime clock (the payload keeps the event's own time).
	NowFunc func() time.Time
	// NewIDFunc makes webhook-ids; nil means NewID.
	NewIDFunc func() string
}

// CampaignReader finds the campaign of a lead's enrollment on an account, as package
// sqlite's and package postgres' Store do.
type CampaignReader interface {
	// EnrollmentCampaigns maps each of the leads (runtime references) that has an
	// enrollment on the account to its campaign: the running enrollment's, else the
	// latest ended one's.
	EnrollmentCampaigns(ctx context.Context, account string, leads []string) (map[string]string, error)
}

// Enqueue writes a delivery of the event for every active endpoint that subscribed
// to its type, and returns how many were new: enqueueing the same event (same Key)
// again writes nothing.
func (o *Outbox) Enqueue(ctx context.Context, e paceline.Event) (int, error) {
	if _, err := EventMessage(e, ""); err != nil {
		return 0, err
	}
	eps, err := o.wanting(ctx, string(e.Type))
	if err != nil || len(eps) == 0 {
		return 0, err
	}
	camps, err := o.campaigns(ctx, e.Account, []paceline.Event{e})
	if err != nil {
		return 0, err
	}
	m, err := EventMessage(e, camps[e.Lead])
	if err != nil {
		return 0, err
	}
	return o.enqueueTo(ctx, eps, m, false)
}

// campaigns maps the leads of the account's events to their campaigns (nil without
// Campaigns).
func (o *Outbox) campaigns(ctx context.Context, account string, evs []paceline.Event) (map[string]string, error) {
	if o.Campaigns == nil {
		return nil, nil
	}
	var leads []string
	for _, e := range evs {
		if e.Lead != "" && !slices.Contains(leads, e.Lead) {
			leads = append(leads, e.Lead)
		}
	}
	if len(leads) == 0 {
		return nil, nil
	}
	camps, err := o.Campaigns.EnrollmentCampaigns(ctx, account, leads)
	if err != nil {
		return nil, fmt.Errorf("webhook: campaigns of the events' leads on %s: %w", account, err)
	}
	return camps, nil
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
