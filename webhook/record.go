package webhook

import (
	"context"

	"github.com/paceline/paceline"
)

// EventRecorder is what stores events: both stores, and the runtime's Store.
type EventRecorder interface {
	RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error)
}

// Record records e with rec and then enqueues its webhooks: the one call to make
// where an event is recorded. The webhooks are enqueued even when rec already knew
// the event (recorded false): enqueueing is idempotent on the event's key, and a
// process that died between recording an event and enqueueing it gets a second
// chance when the event comes again.
func (o *Outbox) Record(ctx context.Context, rec EventRecorder, e *paceline.Event) (recorded bool, err error) {
	recorded, err = rec.RecordEvent(ctx, e)
	if err != nil {
		return recorded, err
	}
	if _, err := o.Enqueue(ctx, *e); err != nil {
		return recorded, err
	}
	return recorded, nil
}
