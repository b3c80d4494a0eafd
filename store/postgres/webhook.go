package postgres

// The webhook queries are plain pgx, as the task queries are; they mirror
// store/sqlite/webhook.go statement for statement, except that a claim skips the rows another
// worker has locked.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
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
	now := dbTime(s.now())
	err := s.pool.QueryRow(ctx, `INSERT INTO webhook_endpoints
		(url, secret_sealed, events, active, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		e.URL, e.Secret, strings.Join(e.Events, ","), e.Active, e.Disabled, now, now).Scan(&e.ID)
	if err != nil {
		return s.fail(fmt.Sprintf("create webhook endpoint %s", e.URL), err)
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
	e, err := scanWebhookEndpoint(s.pool.QueryRow(ctx,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, missingWebhookEndpoint(id)
	}
	return e, err
}

func missingWebhookEndpoint(id int64) error {
	return paceline.Errorf(paceline.ENOTFOUND, "webhook endpoint %d does not exist (see paceline webhooks list)", id)
}

// WebhookEndpoints returns every endpoint, by ID.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]*paceline.WebhookEndpoint, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+webhookEndpointColumns+` FROM webhook_endpoints ORDER BY id`)
	if err != nil {
		return nil, s.fail("list webhook endpoints", err)
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
		return nil, s.fail("list webhook endpoints", err)
	}
	return out, nil
}

// DeleteWebhookEndpoint removes an endpoint and its deliveries. Errors: ENOTFOUND.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id int64) error {
	res, err := s.pool.Exec(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id)
	if err != nil {
		return s.fail(fmt.Sprintf("delete webhook endpoint %d", id), err)
	}
	if res.RowsAffected() == 0 {
		return missingWebhookEndpoint(id)
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
		return missingWebhookEndpoint(id)
	}
	return nil
}

func scanWebhookEndpoint(r pgx.Row) (*paceline.WebhookEndpoint, error) {
	var (
		e      paceline.WebhookEndpoint
		events string
	)
	err := r.Scan(&e.ID, &e.URL, &e.Secret, &events, &e.Active, &e.Disabled, &e.CreatedAt, &e.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
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
		stored, err := scanWebhookDelivery(s.pool.QueryRow(ctx, `SELECT `+webhookDeliveryColumns+`
			FROM webhook_deliveries WHERE endpoint = $1 AND event_key = $2`, d.Endpoint, d.EventKey))
		if err != nil {
			return false, fmt.Errorf("read webhook delivery %s: %w", d.EventKey, err)
		}
		*d = *stored
		return false, nil
	case isForeignKey(err):
		return false, missingWebhookEndpoint(d.Endpoint)
	case isUnique(err, "webhook_deliveries_pkey"):
		return false, paceline.Errorf(paceline.ECONFLICT, "webhook delivery %s already exists", d.ID)
	case err != nil:
		return false, s.fail(fmt.Sprintf("enqueue webhook delivery %s", d.EventKey), err)
	}
	d.CreatedAt, d.UpdatedAt, d.NextAttempt = now, now, dbTime(d.NextAttempt)
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
	d, err := scanWebhookDelivery(s.pool.QueryRow(ctx,
		`SELECT `+webhookDeliveryColumns+` FROM webhook_deliveries WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows, err := s.pool.Query(ctx, `UPDATE webhook_deliveries SET next_attempt = $1, updated_at = $2
		WHERE id IN (
			SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint
			WHERE d.state = 'pending' AND e.active AND d.next_attempt <= $3
			ORDER BY d.next_attempt, d.id LIMIT $4
			FOR UPDATE OF d SKIP LOCKED)
		RETURNING `+webhookDeliveryColumns, dbTime(until), dbTime(s.now()), dbTime(now), limit)
	if err != nil {
		return nil, s.fail("claim webhook deliveries", err)
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
		return nil, s.fail("claim webhook deliveries", err)
	}
	return out, nil
}

// UpdateWebhookDelivery writes the outcome of an attempt. Errors: EINVALID, ENOTFOUND.
func (s *Store) UpdateWebhookDelivery(ctx context.Context, d *paceline.WebhookDelivery) error {
	if !d.State.Valid() {
		return paceline.FieldErrorf("state", "unknown delivery state %q", d.State)
	}
	now := dbTime(s.now())
	res, err := s.pool.Exec(ctx, `UPDATE webhook_deliveries SET attempts = $1, next_attempt = $2, state = $3,
		last_status = $4, last_error = $5, delivered_at = $6, updated_at = $7 WHERE id = $8`,
		d.Attempts, dbTime(d.NextAttempt), string(d.State), d.LastStatus, d.LastError, nullTime(d.DeliveredAt), now, d.ID)
	if err != nil {
		return s.fail(fmt.Sprintf("update webhook delivery %s", d.ID), err)
	}
	if res.RowsAffected() == 0 {
		return paceline.Errorf(paceline.ENOTFOUND, "webhook delivery %s does not exist", d.ID)
	}
	d.UpdatedAt = now
	return nil
}

func scanWebhookDelivery(r pgx.Row) (*paceline.WebhookDelivery, error) {
	var (
		d              paceline.WebhookDelivery
		payload, state string
		delivered      *time.Time
	)
	err := r.Scan(&d.ID, &d.Endpoint, &d.EventKey, &d.Type, &payload, &d.Attempts, &d.NextAttempt, &state,
		&d.LastStatus, &d.LastError, &d.CreatedAt, &d.UpdatedAt, &delivered)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read webhook delivery: %w", err)
	}
	d.Payload, d.State = []byte(payload), paceline.WebhookState(state)
	d.NextAttempt, d.CreatedAt, d.UpdatedAt = dbTime(d.NextAttempt), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	d.DeliveredAt = fromNullTime(delivered)
	return &d, nil
}
