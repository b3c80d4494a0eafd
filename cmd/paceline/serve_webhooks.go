package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/webhook"
)

// webhookEvery is how often serve sends the due webhook deliveries, and, before the
// database has an endpoint, looks for the first one.
const webhookEvery = 5 * time.Second

// startWebhooks enqueues a signed delivery for every new event the runtime records, for
// each endpoint that wants it, and delivers them in the background (with retries, see
// package webhook). What other processes store (events posted to the API, assisted
// tasks' outcomes, archive imports, campaign pauses by anyone, the sequences an
// opt-out without an event stopped) a webhook.Relay finds in the database every
// webhookEvery. An endpoint added while serve runs (on the
// dashboard's Webhooks page or by paceline webhooks add) gets the events from then on:
// serve used to look for endpoints only at its start, so the first one added later
// got nothing until a restart. A database with endpoints needs the secret key at
// start; one without reads it once the first endpoint appears.
func (a *app) startWebhooks(ctx context.Context, db *runtimeDB, runner *runtime.Runner, logger *slog.Logger) error {
	ws, ok := db.store.(paceline.WebhookStore)
	if !ok {
		return nil
	}
	eps, err := ws.WebhookEndpoints(ctx)
	if err != nil {
		return err
	}
	var key *secret.Key
	if len(eps) > 0 {
		if key, err = a.loadSecretKey(false); err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		// A key that opens no endpoint's secret (another PACELINE_SECRET_KEY than
		// the one they were added with) would sign nothing: refused here, with what
		// to set, rather than found in each delivery it claims.
		if err := webhook.CheckKey(ctx, ws, key); err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
	}
	// Deliveries fall due, and are retried, on the wall clock: they go to real
	// receivers in real time, whatever the runtime's speed. The payload keeps the
	// event's own (runtime) time.
	out := &webhook.Outbox{Store: ws}
	if cr, ok := db.store.(webhook.CampaignReader); ok {
		out.Campaigns = cr
	}
	runner.OnEventFunc = func(ctx context.Context, e paceline.Event) error {
		_, err := out.Enqueue(ctx, e)
		return err
	}
	if rs, ok := db.store.(webhook.RelayStore); ok {
		go relayWebhooks(ctx, &webhook.Relay{Outbox: out, Store: rs}, webhookEvery, logger)
	}
	go func() {
		if err := deliverWebhooks(ctx, ws, key, a.loadSecretKey, webhookEvery, logger); err != nil && ctx.Err() == nil {
			logger.Error("webhook deliveries stopped", "err", err)
		}
	}()
	return nil
}

// The stores serve runs on name each event's campaign and hold what the relay reads.
var (
	_ webhook.CampaignReader = (*sqlite.Store)(nil)
	_ webhook.CampaignReader = (*postgres.Store)(nil)
	_ webhook.RelayStore     = (*sqlite.Store)(nil)
	_ webhook.RelayStore     = (*postgres.Store)(nil)
)

// relayWebhooks sweeps the database with relay every interval until ctx ends, logging
// a failing sweep once until one succeeds again (a database that is down is retried).
func relayWebhooks(ctx context.Context, relay *webhook.Relay, every time.Duration, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	failing := false
	for {
		_, err := relay.Sweep(ctx)
		switch {
		case err != nil && ctx.Err() == nil && !failing:
			logger.Error("webhooks: the sweep of the database for what to send failed; it is tried again", "err", err)
			failing = true
		case err == nil:
			failing = false
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// deliverWebhooks sends the due deliveries every interval, on the wall clock (never
// the runtime's, which may be sped up), until ctx ends. Without a key it first waits
// for the database's first endpoint and then reads the key with loadKey, and checks
// that it opens the endpoint's secret (saying once if it cannot, and trying again). A
// delivery whose secret the key cannot open is left to another process (see
// webhook.Deliverer); the errors Run meets are logged when they change.
func deliverWebhooks(ctx context.Context, ws paceline.WebhookStore, key *secret.Key, loadKey func(create bool) (*secret.Key, error),
	every time.Duration, logger *slog.Logger) error {
	t := time.NewTicker(every)
	defer t.Stop()
	warned := false
	for key == nil {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		eps, err := ws.WebhookEndpoints(ctx)
		if err != nil || len(eps) == 0 {
			continue // a store that is down is retried at the next tick
		}
		if key, err = loadKey(false); err != nil {
			if !warned {
				logger.Error("webhooks: an endpoint was added but the secret key cannot be read; its deliveries wait", "err", err)
				warned = true
			}
			continue
		}
		if err = webhook.CheckKey(ctx, ws, key); err != nil {
			key = nil
			if !warned && ctx.Err() == nil {
				logger.Error("webhooks: an endpoint was added but this process's secret key cannot sign its webhooks; its deliveries wait for a process with the right key",
					"err", paceline.ErrorMessage(err))
				warned = true
			}
		}
	}
	last := ""
	d := &webhook.Deliverer{Store: ws, Key: key, ErrorFunc: func(err error) {
		if msg := err.Error(); msg != last {
			last = msg
			logger.Error("webhooks: sending the due deliveries", "err", msg)
		}
	}}
	return d.Run(ctx, every)
}
