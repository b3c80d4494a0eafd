package runtime

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
)

// stopSuppressed stops the loaded enrollments of people on the suppression list. An
// opt-out by leads optout, the API or the dashboard marks the lead and suppresses its
// keys but records no event on the account that runs its sequence, so without this
// check the sequence went on messaging a person who asked to hear nothing more. The
// list is read at every tick, so an opt-out holds whatever key it was given and
// however the person's enrollment names them.
func (r *Runner) stopSuppressed(ctx context.Context, g *engine.Engine, loaded map[*engine.Enrollment]*paceline.EnrollmentRecord, now time.Time) error {
	for e, rec := range loaded {
		if e.State == engine.Finished || e.State == engine.Stopped {
			continue
		}
		f, err := readFacts(rec.LeadFacts)
		if err != nil {
			return fmt.Errorf("enrollment %d: %w", rec.ID, err)
		}
		keys := lead.Keys(f.lead())
		if len(keys) == 0 {
			continue
		}
		out, err := r.Store.IsSuppressed(ctx, keys...)
		if err != nil {
			return fmt.Errorf("enrollment %d: check whether %s opted out: %w", rec.ID, rec.Lead, err)
		}
		if out {
			// No account: the opt-out is not the platform's answer to any seat, so no
			// Pacer learns from it; every sequence stops on opted_out (sequence.Validate).
			g.Observe(paceline.Event{At: now, Lead: e.Key, Type: paceline.EventOptedOut})
		}
	}
	return nil
}
