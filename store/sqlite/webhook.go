package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
	"github.com/paceline/paceline/store/internal/webhookrow"
)

var _ paceline.WebhookStore = (*Store)(nil)

// CreateWebhookEndpoint stores a webhook endpoint; see paceline.WebhookStore.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e *paceline.WebhookEndpoint) error {
	if err := webhookrow.CheckEndpoint(e); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.db.QueryRowContext(ctx, `INSERT INTO webhook_endpoints
		(id, url, secret_sealed, events, active, disabled, created_at, updated_at)
		VALUES (`+nextID("webhook_endpoints")+`, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.URL, e.Secret, webhookrow.Events(e), e.Active, e.Disabled, now, now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("create webhook endpoint %s: %w", e.URL, err)
	}
	e.CreatedAt, e.UpdatedAt = now, now
	return nil
}

// WebhookEndpoint returns one endpoint. Errors: ENOTFOUND.
func (s *Store) WebhookEndpoint(ctx context.Context, id int64) (*paceline.WebhookEndpoint, error) {
	e, err := webhookrow.ScanEndpoint(s.db.QueryRowContext(ctx,
		`SELECT `+webhookrow.EndpointColumns+` FROM webhook_endpoints WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, webhookrow.MissingEndpoint(id)
	}
	return e, err
}

// WebhookEndpoints returns every endpoint, by ID.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]*paceline.WebhookEndpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+webhookrow.EndpointColumns+` FROM webhook_endpoints ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list webhook endpoints: %w", err)
	}
	defer rows.Close()
	return row.All(rows, webhookrow.ScanEndpoint, failing("list webhook endpoints"))
}

// DeleteWebhookEndpoint removes an endpoint and its deliveries. Errors: ENOTFOUND.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete webhook endpoint %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return webhookrow.MissingEndpoint(id)
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
		return webhookrow.MissingEndpoint(id)
	}
	return nil
}

// EnqueueWebhookDelivery stores a delivery once per endpoint and event key; see
// paceline.WebhookStore. Errors: EINVALID, ENOTFOUND for a missing endpoint.
func (s *Store) EnqueueWebhookDelivery(ctx context.Context, d *paceline.WebhookDelivery) (bool, error) {
	if err := webhookrow.CheckDelivery(d); err != nil {
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
		stored, err := scanWebhookDelivery(s.db.QueryRowContext(ctx, `SELECT `+webhookrow.DeliveryColumns+`
			FROM webhook_deliveries WHERE endpoint = ? AND event_key = ?`, d.Endpoint, d.EventKey))
		if err != nil {
			return false, fmt.Errorf("read webhook delivery %s: %w", d.EventKey, err)
		}
		*d = *stored
		return false, nil
	case isForeignKey(err):
		return false, webhookrow.MissingEndpoint(d.Endpoint)
	case isUnique(err):
		return false, webhookrow.DeliveryTaken(d.ID)
	case err != nil:
		return false, fmt.Errorf("enqueue webhook delivery %s: %w", d.EventKey, err)
	}
	d.CreatedAt, d.UpdatedAt = now, now
	return true, nil
}

// WebhookDelivery returns one delivery by its webhook-id. Errors: ENOTFOUND.
func (s *Store) WebhookDelivery(ctx context.Context, id string) (*paceline.WebhookDelivery, error) {
	d, err := scanWebhookDelivery(s.db.QueryRowContext(ctx,
		`SELECT `+webhookrow.DeliveryColumns+` FROM webhook_deliveries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, webhookrow.MissingDelivery(id)
	}
	return d, err
}

// ClaimWebhookDeliveries takes the due deliveries of active endpoints and moves their
// next attempt to until, in one statement; see paceline.WebhookStore.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, now, until time.Time, limit int) ([]*paceline.WebhookDelivery, error) {
	if limit <= 0 {
		limit = webhookrow.DefaultClaimLimit
	}
	rows, err := s.db.QueryContext(ctx, `UPDATE webhook_deliveries SET next_attempt = ?, updated_at = ?
		WHERE id IN (
			SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint
			WHERE d.state = 'pending' AND e.active AND d.next_attempt <= ?
			ORDER BY d.next_attempt, d.id LIMIT ?)
		RETURNING `+webhookrow.DeliveryColumns, until.UTC(), s.now().UTC(), now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim webhook deliveries: %w", err)
	}
	defer rows.Close()
	return row.All(rows, scanWebhookDelivery, failing("claim webhook deliveries"))
}

// UpdateWebhookDelivery writes the outcome of an attempt. Errors: EINVALID, ENOTFOUND.
func (s *Store) UpdateWebhookDelivery(ctx context.Context, d *paceline.WebhookDelivery) error {
	if err := webhookrow.CheckState(d); err != nil {
		return err
	}
	now := s.now().UTC()
	res, err := s.db.ExecContext(ctx, `UPDATE webhook_deliveries SET attempts = ?, next_attempt = ?, state = ?,
		last_status = ?, last_error = ?, delivered_at = ?, updated_at = ? WHERE id = ?`,
		d.Attempts, d.NextAttempt.UTC(), string(d.State), d.LastStatus, d.LastError, nullTime(d.DeliveredAt), now, d.ID)
	if err != nil {
		return fmt.Errorf("update webhook delivery %s: %w", d.ID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return webhookrow.MissingDelivery(d.ID)
	}
	d.UpdatedAt = now
	return nil
}

// scanWebhookDelivery reads a row of webhookrow.DeliveryColumns with the driver's NULL.
func scanWebhookDelivery(r row.Scanner) (*paceline.WebhookDelivery, error) {
	return webhookrow.ScanDelivery(r, fromNullTime)
}
