package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/paceline/paceline"
)

// outbox returns the outbox of one tick (or of one Send).
func (r *Runner) outbox() *outbox {
	return &outbox{st: r.Store, ex: r.Executor, metrics: r.Metrics, replayed: map[string]bool{},
		onEvent: r.OnEventFunc, log: r.Logger}
}

// keepEvents holds the events the executor returned with its answer to the action of
// that key (a bounce at RCPT TO), until RecordAction stores them. The engine only
// observes them in memory: without this, a lead whose address the mail server refused
// would leave no bounced event, no webhook and nothing in the funnels.
func (o *outbox) keepEvents(key string, evs []paceline.Event) {
	if len(evs) == 0 {
		delete(o.events, key)
		return
	}
	if o.events == nil {
		o.events = map[string][]paceline.Event{}
	}
	o.events[key] = append([]paceline.Event(nil), evs...)
}

// recordEvents stores the events the executor returned for the action of that key,
// before the action is completed: a tick that dies between the two leaves the action
// planned, reconciled and sent again, with its events already stored once (their keys
// make a second recording a no-op), whereas the other order would lose them, since a
// completed action is answered from the ledger without its events. An event the
// executor gave no key gets one from the action's, so it too is stored once.
func (o *outbox) recordEvents(ctx context.Context, a *paceline.Action) error {
	evs := o.events[a.Key]
	delete(o.events, a.Key)
	for i := range evs {
		ev := &evs[i]
		if ev.Key == "" {
			ev.Key = "outcome/" + a.Key + "/" + string(ev.Type) + "/" + strconv.Itoa(i)
		}
		if ev.Account == "" {
			ev.Account = a.Account
		}
		if ev.At.IsZero() {
			ev.At = a.At
		}
		recorded, err := o.st.RecordEvent(ctx, ev)
		if err != nil {
			return fmt.Errorf("record %s of %s after %s: %w", ev.Type, ev.Lead, a.Key, err)
		}
		if recorded && o.onEvent != nil {
			if err := o.onEvent(ctx, *ev); err != nil {
				o.logger().Warn("event hook", "event", ev.Type, "lead", ev.Lead, "err", err)
			}
		}
	}
	return nil
}

func (o *outbox) logger() *slog.Logger {
	if o.log == nil {
		return slog.Default()
	}
	return o.log
}
