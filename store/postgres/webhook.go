package postgres

// The webhook queries are plain pgx, as the task queries are; they mirror
// store/sqlite/webhook.go statement for statement, except that a claim skips the rows another
// worker has locked.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
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
	now := dbTime(s.now())
	err := s.pool.QueryRow(ctx, `INSERT INTO webhook_endpoints
		(url, secret_sealed, events, active, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		e.URL, e.Secret, webhookrow.Events(e), e.Active, e.Disabled, now, now).Scan(&e.ID)
	if err != nil {
		return s.fail(fmt.Sprintf("create webhook endpoint %s", e.URL), err)
	}
	e.CreatedAt, e.UpdatedAt = now, now
	return nil
}

// WebhookEndpoint returns one endpoint. Errors: ENOTFOUND.
func (s *Store) WebhookEndpoint(ctx context.Context, id int64) (*paceline.WebhookEndpoint, error) {
	e, err := webhookrow.ScanEndpoint(s.pool.QueryRow(ctx,
		`SELECT `+webhookrow.EndpointColumns+` FROM webhook_endpoints WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, webhookrow.MissingEndpoint(id)
	}
	return e, err
}

// WebhookEndpoints returns every endpoint, by ID.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]*paceline.WebhookEndpoint, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+webhookrow.EndpointColumns+` FROM webhook_endpoints ORDER BY id`)
	if err != nil {
		return nil, s.fail("list webhook endpoints", err)
	}
	defer rows.Close()
	return row.All(rows, webhookrow.ScanEndpoint, s.failing("list webhook endpoints"))
}

// DeleteWebhookEndpoint removes an endpoint and its deliveries. Errors: ENOTFOUND.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id int64) error {
	res, err := s.pool.Exec(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id)
	if err != nil {
		return s.fail(fmt.Sprintf("delete webhook endpoint %d", id), err)
	}
	if res.RowsAffected() == 0 {
		return webhookrow.MissingEndpoint(id)
	}
	return nil
}

// SetWebhookEndpointActive turns an endpoint on or off. Errors: ENOTFOUND.
func (s *Store) SetWebhookEndpointActive(ctx context.Context, id int64, active bool, why string) error {
	if active {
		why = ""
	}
	res, err := s.pool.Exec(ctx, `UPDATE webhook_endpoints SET active = $1, disabled = $2, updated_at = $3
		WHERE id = $4`, active, why, dbTime(s.now()), id)
	if err != nil {
		return s.fail(fmt.Sprintf("update webhook endpoint %d", id), err)
	}
	if res.RowsAffected() == 0 {
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
	now := dbTime(s.now())
	var id string
	err := s.pool.QueryRow(ctx, `INSERT INTO webhook_deliveries
		(id, endpoint, event_key, type, payload, attempts, next_attempt, state, last_status, last_error,
		 created_at, updated_at, delivered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (endpoint, event_key) DO NOTHING RETURNING id`,
		d.ID, d.Endpoint, d.EventKey, d.Type, string(d.Payload), d.Attempts, dbTime(d.NextAttempt), string(d.State),
		d.LastStatus, d.LastError, now, now, nullTime(d.DeliveredAt)).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		stored, err := scanWebhookDelivery(s.pool.QueryRow(ctx, `SELECT `+webhookrow.DeliveryColumns+`
			FROM webhook_deliveries WHERE endpoint = $1 AND event_key = $2`, d.Endpoint, d.EventKey))
		if err != nil {
			return false, fmt.Errorf("read webhook delivery %s: %w", d.EventKey, err)
		}
		*d = *stored
		return false, nil
	case isForeignKey(err):
		return false, webhookrow.MissingEndpoint(d.Endpoint)
	case isUnique(err, "webhook_deliveries_pkey"):
		return false, webhookrow.DeliveryTaken(d.ID)
	case err != nil:
		return false, s.fail(fmt.Sprintf("enqueue webhook delivery %s", d.EventKey), err)
	}
	d.CreatedAt, d.UpdatedAt, d.NextAttempt = now, now, dbTime(d.NextAttempt)
	return true, nil
}

// WebhookDelivery returns one delivery by its webhook-id. Errors: ENOTFOUND.
func (s *Store) WebhookDelivery(ctx context.Context, id string) (*paceline.WebhookDelivery, error) {
	d, err := scanWebhookDelivery(s.pool.QueryRow(ctx,
		`SELECT `+webhookrow.DeliveryColumns+` FROM webhook_deliveries WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows, err := s.pool.Query(ctx, `UPDATE webhook_deliveries SET next_attempt = $1, updated_at = $2
		WHERE id IN (
			SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint
			WHERE d.state = 'pending' AND e.active AND d.next_attempt <= $3
			ORDER BY d.next_attempt, d.id LIMIT $4
			FOR UPDATE OF d SKIP LOCKED)
		RETURNING `+webhookrow.DeliveryColumns, dbTime(until), dbTime(s.now()), dbTime(now), limit)
	if err != nil {
		return nil, s.fail("claim webhook deliveries", err)
	}
	defer rows.Close()
	return row.All(rows, scanWebhookDelivery, s.failing("claim webhook deliveries"))
}

// UpdateWebhookDelivery writes the outcome of an attempt. Errors: EINVALID, ENOTFOUND.
func (s *Store) UpdateWebhookDelivery(ctx context.Context, d *paceline.WebhookDelivery) error {
	if err := webhookrow.CheckState(d); err != nil {
		return err
	}
	now := dbTime(s.now())
	res, err := s.pool.Exec(ctx, `UPDATE webhook_deliveries SET attempts = $1, next_attempt = $2, state = $3,
		last_status = $4, last_error = $5, delivered_at = $6, updated_at = $7 WHERE id = $8`,
		d.Attempts, dbTime(d.NextAttempt), string(d.State), d.LastStatus, d.LastError, nullTime(d.DeliveredAt), now, d.ID)
	if err != nil {
		return s.fail(fmt.Sprintf("update webhook delivery %s", d.ID), err)
	}
	if res.RowsAffected() == 0 {
		return webhookrow.MissingDelivery(d.ID)
	}
	d.UpdatedAt = now
	return nil
}

// scanWebhookDelivery reads a row of webhookrow.DeliveryColumns with the driver's NULL.
func scanWebhookDelivery(r row.Scanner) (*paceline.WebhookDelivery, error) {
	return webhookrow.ScanDelivery(r, fromNullTime)
}
