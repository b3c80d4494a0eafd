package webhook

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// An opt-out by paceline leads optout, the API or the dashboard records no event: it
// concerns the person, not an account (the lead is marked and its keys suppressed).
// What an account sees of it is the tick stopping the person's sequence there, with
// reason opted_out; the relay tells that stop as an opted_out message of the account
// and campaign, so that the client whose sequence it stopped hears of it. A lead that
// runs in no sequence when it opts out is told of nowhere.

// relayLag is how far back in end time a sweep reads stopped enrollments again: a
// tick that ran earlier may commit after one that ran later.
const relayLag = time.Minute

// stopCursor is where the sweep of one account's opt-out stops stands: since is the
// latest end told (at first, the earliest endpoint's creation), seen the enrollments
// told within relayLag before it, with their ends.
type stopCursor struct {
	since time.Time
	seen  map[int64]time.Time
}

// sweepOptOuts enqueues an opted_out message for each of the account's enrollments
// stopped by an opt-out that recorded no event, since the last sweep.
func (r *Relay) sweepOptOuts(ctx context.Context, account string, eps []*paceline.WebhookEndpoint) (int, error) {
	var wanting []*paceline.WebhookEndpoint
	for _, ep := range eps {
		if ep.Wants(string(paceline.EventOptedOut)) {
			wanting = append(wanting, ep)
		}
	}
	if len(wanting) == 0 {
		return 0, nil
	}
	c, ok := r.stops[account]
	if !ok {
		c = &stopCursor{since: wanting[0].CreatedAt, seen: map[int64]time.Time{}}
		for _, ep := range wanting {
			if ep.CreatedAt.Before(c.since) {
				c.since = ep.CreatedAt
			}
		}
		r.stops[account] = c
	}
	recs, err := r.Store.OptOutStops(ctx, account, c.since.Add(-relayLag))
	if err != nil {
		return 0, fmt.Errorf("webhook relay: %w", err)
	}
	n := 0
	for _, rec := range recs {
		if _, ok := c.seen[rec.ID]; ok {
			continue
		}
		k, err := r.Outbox.enqueueTo(ctx, wanting, OptOutStopMessage(rec), true)
		n += k
		if err != nil {
			return n, err
		}
		c.seen[rec.ID] = rec.Ended
		if rec.Ended.After(c.since) {
			c.since = rec.Ended
		}
	}
	for id, end := range c.seen {
		if end.Before(c.since.Add(-relayLag)) {
			delete(c.seen, id)
		}
	}
	return n, nil
}

// OptOutStopMessage is the opted_out message of an enrollment the tick stopped because
// its lead opted out without an event (paceline leads optout, the API, the dashboard):
// keyed by the enrollment, dated when the sequence stopped, with the account and the
// campaign whose sequence it was.
func OptOutStopMessage(rec paceline.EnrollmentRecord) Message {
	key := fmt.Sprintf("enrollment/%d/opted_out", rec.ID)
	return Message{Key: key, Type: string(paceline.EventOptedOut), At: rec.Ended, Data: EventData{
		Key: key, Account: rec.Account, Lead: LeadKey(rec.Lead), Campaign: rec.Campaign,
	}}
}
