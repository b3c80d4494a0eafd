package webhook

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// Relay enqueues what any process stored: the events an account's tick, the mail
// poller, the API (POST /api/v1/events), an assisted task's outcome or an archive
// import recorded, the sequences an opt-out without an event stopped, and every
// campaign pause (the engine's, and one by paceline
// campaigns pause, the API or the dashboard). Only the tick and the mail poller run
// where the outbox is (serve and worker) and enqueue as they record; the others
// record in another process, or below code that knows nothing of webhooks, so serve
// and worker sweep the database for them instead. Enqueueing is idempotent on the
// message's key, so what the tick enqueued already, or another serve or worker
// sweeping the same database, is not sent twice.
//
// Events are read per account by id after a cursor kept in memory, relayOverlap ids
// back, since PostgreSQL may commit an event after one with a higher id. A process
// starts each account's at the tick's cursor (RelayStore.Cursor: the events the
// engine has applied; those the tick recorded itself were enqueued then), and an
// event found by that first read goes only to the endpoints added before it
// happened, so a restart does not send an endpoint the past.
//
// An opt-out that records no event (relay_optouts.go) is told when a tick stops the
// person's sequence on an account for it.
//
// A campaign pause is read from the campaign itself (paused, with its reason and the
// instant the pause began, its PausedAt), so its key is the same whoever finds it; it
// goes to the endpoints added before it. A campaign paused and started again between
// two sweeps is not told. A pause of a campaign paused already (with another reason,
// or the engine's, of a campaign a person paused while its tick ran) is the same
// pause, told once, with the reason found first: an endpoint gets one campaign_paused
// per pause, and a new one only after the campaign was started again. Its UpdatedAt
// is no key: every change of the campaign moves it, which told one pause twice.
//
// Sweep is not safe for concurrent use.
type Relay struct {
	Outbox *Outbox
	Store  RelayStore

	cursors map[string]*relayCursor // by account
	stops   map[string]*stopCursor  // by account
	told    map[string]bool         // the keys of the pauses enqueued
}

// RelayStore is what Relay reads, as package sqlite's and package postgres' Store
// have it.
type RelayStore interface {
	Accounts(ctx context.Context) ([]*paceline.Account, error)
	// Cursor returns the id of the last event the account's tick applied.
	Cursor(ctx context.Context, account string) (int64, time.Time, error)
	// EventsAfter returns the account's events with an id above after, in id order.
	EventsAfter(ctx context.Context, account string, after int64) ([]paceline.Event, error)
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
	// OptOutStops returns the account's enrollments stopped because their lead opted
	// out without an opted_out event naming them, ended at or after since, by end.
	OptOutStops(ctx context.Context, account string, since time.Time) ([]paceline.EnrollmentRecord, error)
}

// Sweep enqueues the events stored since the last sweep and the pauses not told yet,
// for every active endpoint that wants them, and returns how many deliveries were
// new. Without an active endpoint it reads nothing, and starts afresh (at the ticks'
// cursors) once one is added.
func (r *Relay) Sweep(ctx context.Context) (int, error) {
	eps, err := r.Outbox.Store.WebhookEndpoints(ctx)
	if err != nil {
		return 0, fmt.Errorf("webhook relay: read endpoints: %w", err)
	}
	active := eps[:0]
	for _, ep := range eps {
		if ep.Active {
			active = append(active, ep)
		}
	}
	if len(active) == 0 {
		r.cursors, r.stops, r.told = nil, nil, nil
		return 0, nil
	}
	if r.cursors == nil {
		r.cursors, r.stops = map[string]*relayCursor{}, map[string]*stopCursor{}
	}
	accts, err := r.Store.Accounts(ctx)
	if err != nil {
		return 0, fmt.Errorf("webhook relay: read accounts: %w", err)
	}
	n := 0
	for _, a := range accts {
		k, err := r.sweepEvents(ctx, a.Name, active)
		n += k
		if err != nil {
			return n, err
		}
		k, err = r.sweepOptOuts(ctx, a.Name, active)
		n += k
		if err != nil {
			return n, err
		}
	}
	k, err := r.sweepPauses(ctx, active)
	return n + k, err
}

// sweepPauses enqueues a campaign_paused message for each paused campaign whose
// pause was not told yet.
func (r *Relay) sweepPauses(ctx context.Context, eps []*paceline.WebhookEndpoint) (int, error) {
	camps, err := r.Store.Campaigns(ctx)
	if err != nil {
		return 0, fmt.Errorf("webhook relay: read campaigns: %w", err)
	}
	told := map[string]bool{} // only the pauses still standing, so the set stays small
	n := 0
	for _, c := range camps {
		if c.State != paceline.CampaignPaused {
			continue
		}
		at := c.PausedAt
		if at.IsZero() { // a store that keeps no PausedAt (the migration sets it on every pause)
			at = c.UpdatedAt
		}
		m := CampaignPausedMessage(c.Name, c.PausedReason, at)
		if !r.told[m.Key] {
			k, err := r.Outbox.enqueueTo(ctx, eps, m, true)
			n += k
			if err != nil {
				r.told = told
				return n, err
			}
		}
		told[m.Key] = true
	}
	r.told = told
	return n, nil
}
