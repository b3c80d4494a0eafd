package webhook

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
)

// Relay enqueues what no process enqueues as it stores it: every campaign pause, the
// engine's (a tick, runtime's storePauses) and one by paceline campaigns pause, the
// API or the dashboard (api.PauseCampaign). They all end in the store's
// SetCampaignState, below code that knows nothing of webhooks and in processes that
// may have no outbox, so serve and worker sweep the database for them instead.
// Enqueueing is idempotent on the message's key, so another serve or worker sweeping
// the same database does not send a pause twice.
//
// A campaign pause is read from the campaign itself (paused, with its reason and the
// instant of the change, its UpdatedAt), so its key is the same whoever finds it; it
// goes to the endpoints added before it. A campaign paused and started again between
// two sweeps is not told.
//
// Sweep is not safe for concurrent use.
type Relay struct {
	Outbox *Outbox
	Store  RelayStore

	told map[string]bool // the keys of the pauses enqueued
}

// RelayStore is what Relay reads, as package sqlite's and package postgres' Store
// have it.
type RelayStore interface {
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
}

// Sweep enqueues the pauses not told yet, for every active endpoint that wants them,
// and returns how many deliveries were new. Without an active endpoint it reads
// nothing.
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
		r.told = nil
		return 0, nil
	}
	return r.sweepPauses(ctx, active)
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
		m := CampaignPausedMessage(c.Name, c.PausedReason, c.UpdatedAt)
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
