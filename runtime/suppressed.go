package runtime

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
)

// An opt-out by leads optout, the API or the dashboard marks the lead and suppresses
// its keys but records no event on the account that runs its sequence, so the
// sequence used to go on messaging a person who had asked to hear nothing more. The
// outbox asks the suppression list before each action goes out (Ready), by every key
// the enrollment knows of the lead, and the tick stops the sequence of a lead found
// on it. Asking at the action, not for every running enrollment at every tick, costs
// one look-up per action.

// knowKeys notes every key of each loaded enrollment's lead, for optedOut.
func (o *outbox) knowKeys(loaded map[*engine.Enrollment]*paceline.EnrollmentRecord) error {
	o.keys = make(map[string][]lead.Key, len(loaded))
	for _, rec := range loaded {
		f, err := readFacts(rec.LeadFacts)
		if err != nil {
			return fmt.Errorf("enrollment %d: %w", rec.ID, err)
		}
		o.keys[rec.Lead] = lead.Keys(f.lead())
	}
	return nil
}

// optedOut reports whether any key of the lead the reference names is on the
// suppression list: the keys of its enrollment's facts, or the reference's own key.
func (o *outbox) optedOut(ctx context.Context, ref string) (bool, error) {
	keys, ok := o.keys[ref]
	if !ok {
		k, err := lead.ParseRef(ref)
		if err != nil {
			return false, nil // names no one a list could hold
		}
		keys = []lead.Key{k}
	}
	if len(keys) == 0 {
		return false, nil
	}
	out, err := o.st.IsSuppressed(ctx, keys...)
	if err != nil {
		return false, fmt.Errorf("check whether %s opted out: %w", ref, err)
	}
	return out, nil
}

// stopSuppressed stops the sequences of the leads Ready held back for being on the
// suppression list. The opt-out is applied without an account: it is not the
// platform's answer to any seat, so no Pacer learns from it; every sequence stops on
// opted_out (sequence.Validate).
func (o *outbox) stopSuppressed(g *engine.Engine, now time.Time) {
	for _, ref := range o.suppressed {
		g.Observe(paceline.Event{At: now, Lead: ref, Type: paceline.EventOptedOut})
	}
	o.suppressed = o.suppressed[:0]
}

// stopHeldOptedOut stops the held enrollments whose lead has opted out since the step
// was held. A held step never reaches Ready, where the outbox asks the suppression
// list, so without this the enrollment would stay held, counted as running, for good;
// held enrollments are few (they wait for a person), so each costs one look-up a tick.
func (o *outbox) stopHeldOptedOut(ctx context.Context, g *engine.Engine, loaded map[*engine.Enrollment]*paceline.EnrollmentRecord, now time.Time) error {
	for e, rec := range loaded {
		if e.State != engine.Held {
			continue
		}
		out, err := o.optedOut(ctx, rec.Lead)
		if err != nil {
			return err
		}
		if out {
			o.suppressed = append(o.suppressed, e.Key)
		}
	}
	o.stopSuppressed(g, now)
	return nil
}
