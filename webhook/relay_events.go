package webhook

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
)

// relayOverlap is how many ids below an account's cursor a sweep reads again: an
// event whose transaction commits after a later one's is found unless that many
// events were recorded meanwhile.
const relayOverlap = 100

// relayCursor is where the sweep of one account stands: after is the highest id
// enqueued, recent the ids enqueued within relayOverlap below it; swept is set once a
// sweep of the account went through (until then, a sweep is its first read).
type relayCursor struct {
	after  int64
	recent map[int64]bool
	swept  bool
}

// sweepEvents enqueues the account's events recorded since the last sweep.
func (r *Relay) sweepEvents(ctx context.Context, account string, eps []*paceline.WebhookEndpoint) (int, error) {
	c, ok := r.cursors[account]
	if !ok {
		after, _, err := r.Store.Cursor(ctx, account)
		if err != nil {
			return 0, fmt.Errorf("webhook relay: %w", err)
		}
		c = &relayCursor{after: after, recent: map[int64]bool{}}
		r.cursors[account] = c
	}
	first := !c.swept
	evs, err := r.Store.EventsAfter(ctx, account, max(0, c.after-relayOverlap))
	if err != nil {
		return 0, fmt.Errorf("webhook relay: %w", err)
	}
	var fresh []paceline.Event
	for _, e := range evs {
		if !c.recent[e.ID] {
			fresh = append(fresh, e)
		}
	}
	var wanted []paceline.Event
	for _, e := range fresh {
		if erasedAlias(e.Lead) {
			continue
		}
		for _, ep := range eps {
			if ep.Wants(string(e.Type)) {
				wanted = append(wanted, e)
				break
			}
		}
	}
	camps, err := r.Outbox.campaigns(ctx, account, wanted)
	if err != nil {
		return 0, err
	}
	n, w := 0, 0
	for _, e := range fresh {
		if w < len(wanted) && wanted[w].ID == e.ID {
			w++
			m, err := EventMessage(e, camps[e.Lead])
			if err != nil {
				return n, err
			}
			k, err := r.Outbox.enqueueTo(ctx, eps, m, first)
			n += k
			if err != nil {
				return n, err
			}
		}
		c.recent[e.ID] = true
		c.after = max(c.after, e.ID)
	}
	for id := range c.recent {
		if id <= c.after-relayOverlap {
			delete(c.recent, id)
		}
	}
	c.swept = true
	return n, nil
}

// erasedAlias reports whether ref is the alias an erasure wrote in place of a person's
// reference in the events it kept for the limits: "erased-" and 16 hex digits. The
// relay tells no event of an erased person: the erasure deleted the messages about
// her, sent ones included, so a relay that reads her event again (its first read after
// a restart goes relayOverlap ids back) would otherwise send it a second time, under
// the alias.
func erasedAlias(ref string) bool {
	h, ok := strings.CutPrefix(ref, "erased-")
	if !ok || len(h) != 16 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}
