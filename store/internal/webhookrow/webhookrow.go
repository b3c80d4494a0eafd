// Package webhookrow is how both stores check, write and read back webhook endpoints
// and deliveries (migration 0006 of each store holds the same columns): the input
// checks, the errors they answer with, and the decoding of a row. The SQL stays in
// each store; what it selects is EndpointColumns and DeliveryColumns, in the order the
// scans here read.
package webhookrow

import (
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns a select names, in the order ScanEndpoint and ScanDelivery read them.
const (
	EndpointColumns = `id, url, secret_sealed, events, active, disabled, created_at, updated_at`
	DeliveryColumns = `id, endpoint, event_key, type, payload, attempts, next_attempt, state,
	last_status, last_error, created_at, updated_at, delivered_at`
)

// DefaultClaimLimit is how many deliveries a claim takes when the caller sets no limit.
const DefaultClaimLimit = 100

// CheckEndpoint refuses an endpoint that could not sign or receive: events are stored
// comma-separated, so an event type may not hold a comma.
func CheckEndpoint(e *paceline.WebhookEndpoint) error {
	switch {
	case e.URL == "":
		return paceline.FieldErrorf("url", "is empty (give the URL that receives the webhooks)")
	case e.Secret == "":
		return paceline.FieldErrorf("secret", "is empty (an endpoint signs with its own secret)")
	}
	for _, t := range e.Events {
		if t == "" || strings.Contains(t, ",") {
			return paceline.FieldErrorf("events", "%q is not an event type", t)
		}
	}
	return nil
}

// Events is the events column of an endpoint: its event types, comma-separated.
func Events(e *paceline.WebhookEndpoint) string { return strings.Join(e.Events, ",") }

// CheckDelivery refuses a delivery that could not be sent or found again.
func CheckDelivery(d *paceline.WebhookDelivery) error {
	switch {
	case d.ID == "":
		return paceline.FieldErrorf("id", "is empty (a delivery carries its webhook-id)")
	case d.EventKey == "":
		return paceline.FieldErrorf("event_key", "is empty (a delivery names its event)")
	case d.Type == "":
		return paceline.FieldErrorf("type", "is empty")
	case len(d.Payload) == 0:
		return paceline.FieldErrorf("payload", "is empty")
	}
	if err := CheckState(d); err != nil {
		return err
	}
	if d.NextAttempt.IsZero() {
		return paceline.FieldErrorf("next_attempt", "is not set")
	}
	return nil
}

// CheckState refuses a delivery state the store does not know, before an update
// writes it.
func CheckState(d *paceline.WebhookDelivery) error {
	if !d.State.Valid() {
		return paceline.FieldErrorf("state", "unknown delivery state %q", d.State)
	}
	return nil
}

// MissingEndpoint is the error for an endpoint id that does not exist.
func MissingEndpoint(id int64) error {
	return paceline.Errorf(paceline.ENOTFOUND, "webhook endpoint %d does not exist (see paceline webhooks list)", id)
}

// MissingDelivery is the error for a webhook-id that does not exist.
func MissingDelivery(id string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "webhook delivery %s does not exist", id)
}

// DeliveryTaken is the error for a second delivery with a webhook-id already stored
// (for another event).
func DeliveryTaken(id string) error {
	return paceline.Errorf(paceline.ECONFLICT, "webhook delivery %s already exists", id)
}

// ScanEndpoint reads a row of EndpointColumns. A missing row's error is returned as
// the driver gave it, for the caller to tell apart (row.Missing).
func ScanEndpoint(r row.Scanner) (*paceline.WebhookEndpoint, error) {
	var (
		e      paceline.WebhookEndpoint
		events string
	)
	err := r.Scan(&e.ID, &e.URL, &e.Secret, &events, &e.Active, &e.Disabled, &e.CreatedAt, &e.UpdatedAt)
	if row.Missing(err) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read webhook endpoint: %w", err)
	}
	if events != "" {
		e.Events = strings.Split(events, ",")
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// ScanDelivery reads a row of DeliveryColumns. N is the driver's scan target for the
// nullable delivered_at, and fromNull turns it into a time (zero for NULL). A missing
// row's error is returned as the driver gave it.
func ScanDelivery[N any](r row.Scanner, fromNull func(N) time.Time) (*paceline.WebhookDelivery, error) {
	var (
		d              paceline.WebhookDelivery
		payload, state string
		delivered      N
	)
	err := r.Scan(&d.ID, &d.Endpoint, &d.EventKey, &d.Type, &payload, &d.Attempts, &d.NextAttempt, &state,
		&d.LastStatus, &d.LastError, &d.CreatedAt, &d.UpdatedAt, &delivered)
	if row.Missing(err) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read webhook delivery: %w", err)
	}
	d.Payload, d.State = []byte(payload), paceline.WebhookState(state)
	d.NextAttempt, d.CreatedAt, d.UpdatedAt = d.NextAttempt.UTC(), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	d.DeliveredAt = fromNull(delivered)
	return &d, nil
}
