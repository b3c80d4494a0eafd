package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

var _ paceline.WebhookStore = (*Store)(nil)

const (
	webhookEndpointColumns = `id, url, secret_sealed, events, active, disabled, created_at, updated_at`
	webhookDeliveryColumns = `id, endpoint, event_key, type, payload, attempts, next_attempt, state,
	last_status, last_error, created_at, updated_at, delivered_at`
)

// CreateWebhookEndpoint stores a webhook endpoint; see paceline.WebhookStore.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e *paceline.WebhookEndpoint) error {
	if err := checkWebhookEndpoint(e); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.db.QueryRowContext(ctx, `INSERT INTO webhook_endpoints
		(url, secret_sealed, events, active, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.URL, e.Secret, strings.Join(e.Events, ","), e.Active, e.Disabled, now, now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("create webhook endpoint %s: %w", e.URL, err)
	}
	e.CreatedAt, e.UpdatedAt = now, now
	return nil
}

func checkWebhookEndpoint(e *paceline.WebhookEndpoint) error {
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

// WebhookEndpoint returns one endpoint. Errors: ENOTFOUND.
func (s *Store) WebhookEndpoint(ctx context.Context, id int64) (*paceline.WebhookEndpoint, error) {
	e, err := scanWebhookEndpoint(s.db.QueryRowContext(ctx,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, missingWebhookEndpoint(id)
	}
	return e, err
}

func missingWebhookEndpoint(id int64) error {
	return paceline.Errorf(paceline.ENOTFOUND, "webhook endpoint %d does not exist (see paceline webhooks list)", id)
}

// WebhookEndpoints returns every endpoint, by ID.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]*paceline.WebhookEndpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+webhookEndpointColumns+` FROM webhook_endpoints ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list webhook endpoints: %w", err)
	}
	defer rows.Close()
	var out []*paceline.WebhookEndpoint
	for rows.Next() {
		e, err := scanWebhookEndpoint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list webhook endpoints: %w", err)
	}
	return out, nil
}

// DeleteWebhookEndpoint removes an endpoint and its deliveries. Errors: ENOTFOUND.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete webhook endpoint %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return missingWebhookEndpoint(id)
	}
	return nil
}

// SetWebhookEndpointActive turns an endpoint on or off. Errors: ENOTFOUND.
func (s *Store) SetWebhookEndpointActive(ctx context.Context, id int64, active bool, why string) error {
	if active {
		why = ""
	}
	res, err := s.db.ExecContext(ctx, `UPDATE webhook_endpoints SET active = ?, disabled = ?, updated_at = ?
		WHERE id = ?`, active, why, s.now().UTC(), id)
	if err != nil {
		return fmt.Errorf("update webhook endpoint %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return missingWebhookEndpoint(id)
	}
	return nil
}

func scanWebhookEndpoint(r scanner) (*paceline.WebhookEndpoint, error) {
	var (
		e      paceline.WebhookEndpoint
		events string
	)
	err := r.Scan(&e.ID, &e.URL, &e.Secret, &events, &e.Active, &e.Disabled, &e.CreatedAt, &e.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
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

// EnqueueWebhookDelivery stores a delivery once per endpoint and event key; see
// paceline.WebhookStore. Errors: EINVALID, ENOTFOUND for a missing endpoint.
func (s *Store) EnqueueWebhookDelivery(ctx context.Context, d *paceline.WebhookDelivery) (bool, error) {
	if err := checkWebhookDelivery(d); err != nil {
		return false, err
	}
	now := s.now().UTC()
	var id string
	err := s.db.QueryRowContext(ctx, `INSERT INTO webhook_deliveries
		(id, endpoint, event_key, type, payload, attempts, next_attempt, state, last_status, last_error,
		 created_at, updated_at, delivered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (endpoint, event_key) DO NOTHING RETURNING id`,
		d.ID, d.Endpoint, d.EventKey, d.Type, string(d.Payload), d.Attempts, d.NextAttempt.UTC(), string(d.State),
		d.LastStatus, d.LastError, now, now, nullTime(d.DeliveredAt)).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		stored, err := scanWebhookDelivery(s.db.QueryRowContext(ctx, `SELECT `+webhookDeliveryColumns+`
			FROM webhook_deliveries WHERE endpoint = ? AND event_key = ?`, d.Endpoint, d.EventKey))
		if err != nil {
			return false, fmt.Errorf("read webhook delivery %s: %w", d.EventKey, err)
		}
		*d = *stored
		return false, nil
	case isForeignKey(err):
		return false, missingWebhookEndpoint(d.Endpoint)
	case isUnique(err):
		return false, paceline.Errorf(paceline.ECONFLICT, "webhook delivery %s already exists", d.ID)
	case err != nil:
		return false, fmt.Errorf("enqueue webhook delivery %s: %w", d.EventKey, err)
	}
	d.CreatedAt, d.UpdatedAt = now, now
	return true, nil
}

func checkWebhookDelivery(d *paceline.WebhookDelivery) error {
	switch {
	case d.ID == "":
		return paceline.FieldErrorf("id", "is empty (a delivery carries its webhook-id)")
	case d.EventKey == "":
		return paceline.FieldErrorf("event_key", "is empty (a delivery names its event)")
	case d.Type == "":
		return paceline.FieldErrorf("type", "is empty")
	case len(d.Payload) == 0:
		return paceline.FieldErrorf("payload", "is empty")
	case !d.State.Valid():
		return paceline.FieldErrorf("state", "unknown delivery state %q", d.State)
	case d.NextAttempt.IsZero():
		return paceline.FieldErrorf("next_attempt", "is not set")
	}
	return nil
}

// WebhookDelivery returns one delivery by its webhook-id. Errors: ENOTFOUND.
func (s *Store) WebhookDelivery(ctx context.Context, id string) (*paceline.WebhookDelivery, error) {
	d, err := scanWebhookDelivery(s.db.QueryRowContext(ctx,
		`SELECT `+webhookDeliveryColumns+` FROM webhook_deliveries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "webhook delivery %s does not exist", id)
	}
	return d, err
}

// ClaimWebhookDeliveries takes the due deliveries of active endpoints and moves their
// next attempt to until, in one statement; see paceline.WebhookStore.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, now, until time.Time, limit int) ([]*paceline.WebhookDelivery, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `UPDATE webhook_deliveries SET next_attempt = ?, updated_at = ?
		WHERE id IN (
			SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint
			WHERE d.state = 'pending' AND e.active AND d.next_attempt <= ?
			ORDER BY d.next_attempt, d.id LIMIT ?)
		RETURNING `+webhookDeliveryColumns, until.UTC(), s.now().UTC(), now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim webhook deliveries: %w", err)
	}
	defer rows.Close()
	var out []*paceline.WebhookDelivery
	for rows.Next() {
		d, err := scanWebhookDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim webhook deliveries: %w", err)
	}
	return out, nil
}

// UpdateWebhookDelivery writes the outcome of an attempt. Errors: EINVALID, ENOTFOUND.
func (s *Store) UpdateWebhookDelivery(ctx context.Context, d *paceline.WebhookDelivery) error {
	if !d.State.Valid() {
		return paceline.FieldErrorf("state", "unknown delivery state %q", d.State)
	}
	now := s.now().UTC()
	res, err := s.db.ExecContext(ctx, `UPDATE webhook_deliveries SET attempts = ?, next_attempt = ?, state = ?,
		last_status = ?, last_error = ?, delivered_at = ?, updated_at = ? WHERE id = ?`,
		d.Attempts, d.NextAttempt.UTC(), string(d.State), d.LastStatus, d.LastError, nullTime(d.DeliveredAt), now, d.ID)
	if err != nil {
		return fmt.Errorf("update webhook delivery %s: %w", d.ID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return paceline.Errorf(paceline.ENOTFOUND, "webhook delivery %s does not exist", d.ID)
	}
	d.UpdatedAt = now
	return nil
}

func scanWebhookDelivery(r scanner) (*paceline.WebhookDelivery, error) {
	var (
		d              paceline.WebhookDelivery
		payload, state string
		delivered      sql.NullTime
	)
	err := r.Scan(&d.ID, &d.Endpoint, &d.EventKey, &d.Type, &payload, &d.Attempts, &d.NextAttempt, &state,
		&d.LastStatus, &d.LastError, &d.CreatedAt, &d.UpdatedAt, &delivered)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read webhook delivery: %w", err)
	}
	d.Payload, d.State = []byte(payload), paceline.WebhookState(state)
	d.NextAttempt, d.CreatedAt, d.UpdatedAt = d.NextAttempt.UTC(), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	d.DeliveredAt = fromNullTime(delivered)
	return &d, nil
}
