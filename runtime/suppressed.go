package runtime

import (
	"context"
	"fmt"
	"slices"
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

// stopOptedOut stops every loaded enrollment whose lead is on the suppression list,
// whatever it waits for, in one query for them all (SuppressedAmong). Asking at the
// action alone missed the sequences with nothing left to send: one waiting on an
// invite whose timeout withdraws it, with only `if: connected` steps after it, sent
// no action past the check and ended finished, and no opted_out was ever told of it;
// a step held for a person never reaches Ready at all. Stopped here, at the first
// tick after the opt-out, the enrollment ends with reason opted_out, which the webhook
// relay tells (webhook.Relay's OptOutStops) and campaigns status counts as before.
func (o *outbox) stopOptedOut(ctx context.Context, g *engine.Engine, loaded map[*engine.Enrollment]*paceline.EnrollmentRecord, now time.Time) error {
	if len(loaded) == 0 {
		return nil
	}
	var all []lead.Key
	for _, rec := range loaded {
		all = append(all, o.keysOf(rec.Lead)...)
	}
	found, err := o.st.SuppressedAmong(ctx, all)
	if err != nil {
		return fmt.Errorf("check which running leads opted out: %w", err)
	}
	if len(found) == 0 {
		return nil
	}
	out := make(map[lead.Key]bool, len(found))
	for _, k := range found {
		out[k] = true
	}
	for e, rec := range loaded {
		if e.State == engine.Finished || e.State == engine.Stopped {
			continue
		}
		if slices.ContainsFunc(o.keysOf(rec.Lead), func(k lead.Key) bool { return out[k] }) {
			o.suppressed = append(o.suppressed, e.Key)
		}
	}
	o.stopSuppressed(g, now)
	return nil
}

// keysOf returns every key known of the lead the reference names: its enrollment's
// facts' and the reference's own.
func (o *outbox) keysOf(ref string) []lead.Key {
	keys := o.keys[ref]
	if k, err := lead.ParseRef(ref); err == nil && !slices.Contains(keys, k) {
		keys = append(slices.Clip(keys), k)
	}
	return keys
}

// finishedOptedOut returns the loaded enrollments that finished in this tick though
// their lead is on the suppression list when the tick is about to save them: an
// opt-out committed after stopOptedOut asked, while the tick ran the sequence to its
// end with nothing sent (a withdrawal, which no opt-out holds back, then only skipped
// steps). The tick saves them stopped with reason opted_out, not finished: the person
// opted out before the end was recorded, and a finished enrollment is never loaded
// again for a later tick to stop. Enrollments still running are left to the next
// tick's stopOptedOut; none finished costs no query.
func (o *outbox) finishedOptedOut(ctx context.Context, loaded map[*engine.Enrollment]*paceline.EnrollmentRecord) (map[*engine.Enrollment]bool, error) {
	var done []*engine.Enrollment
	var keys []lead.Key
	for e, rec := range loaded {
		if e.State == engine.Finished {
			done = append(done, e)
			keys = append(keys, o.keysOf(rec.Lead)...)
		}
	}
	if len(done) == 0 {
		return nil, nil
	}
	found, err := o.st.SuppressedAmong(ctx, keys)
	if err != nil || len(found) == 0 {
		if err != nil {
			err = fmt.Errorf("check which finished leads opted out: %w", err)
		}
		return nil, err
	}
	out := make(map[lead.Key]bool, len(found))
	for _, k := range found {
		out[k] = true
	}
	stopped := map[*engine.Enrollment]bool{}
	for _, e := range done {
		if slices.ContainsFunc(o.keysOf(loaded[e].Lead), func(k lead.Key) bool { return out[k] }) {
			stopped[e] = true
		}
	}
	return stopped, nil
}
