package runtime

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// answeredLeads returns the leads, in the order they first appear, that accepted or
// replied in evs and are not in loaded: the leads whose answer finds no running
// enrollment in this tick's engine.
func answeredLeads(evs []paceline.Event, loaded map[string]bool) []string {
	var leads []string
	seen := map[string]bool{}
	for _, ev := range evs {
		if ev.Type != paceline.EventAccepted && ev.Type != paceline.EventReplied {
			continue
		}
		if ev.Lead == "" || loaded[ev.Lead] || seen[ev.Lead] {
			continue
		}
		seen[ev.Lead] = true
		leads = append(leads, ev.Lead)
	}
	return leads
}

// restoreEnded puts into g the latest ended enrollment of each lead that answered in
// evs without a running enrollment loaded, so an accept or a reply that comes after the
// enrollment ended (an invite's wait timed out, then the lead accepted) is credited to
// the variant it sent, as the in-memory engine credits it. It returns the restored
// enrollments with their records; one that cannot be restored is logged and left out.
func (r *Runner) restoreEnded(ctx context.Context, g *engine.Engine, account string, evs []paceline.Event,
	loaded map[string]bool) (map[*engine.Enrollment]*paceline.EnrollmentRecord, error) {
	leads := answeredLeads(evs, loaded)
	if len(leads) == 0 {
		return nil, nil
	}
	recs, err := r.Store.LatestEndedEnrollments(ctx, account, leads)
	if err != nil {
		return nil, err
	}
	restored := make(map[*engine.Enrollment]*paceline.EnrollmentRecord, len(recs))
	for i := range recs {
		rec := &recs[i]
		l, err := leadOf(rec.LeadFacts)
		if err != nil {
			return nil, fmt.Errorf("enrollment %d: %w", rec.ID, err)
		}
		var snap engine.Snapshot
		if err := json.Unmarshal([]byte(rec.Snapshot), &snap); err != nil {
			return nil, fmt.Errorf("enrollment %d: read snapshot: %w", rec.ID, err)
		}
		e, err := g.Restore(rec.Campaign, l, account, snap)
		if err != nil {
			r.logger().Warn("ended enrollment not loaded", "account", account, "enrollment", rec.ID, "error", err)
			continue
		}
		restored[e] = rec
	}
	return restored, nil
}

// endedChanges returns the restored ended records whose snapshot the tick changed
// (a variant credited), with only the snapshot new: each keeps its step, state, due,
// reason and end as they were.
func endedChanges(restored map[*engine.Enrollment]*paceline.EnrollmentRecord) ([]paceline.EnrollmentRecord, error) {
	var out []paceline.EnrollmentRecord
	for e, rec := range restored {
		b, err := json.Marshal(e.Snapshot())
		if err != nil {
			return nil, fmt.Errorf("enrollment %d: %w", rec.ID, err)
		}
		if string(b) == rec.Snapshot {
			continue
		}
		changed := *rec
		changed.Snapshot = string(b)
		out = append(out, changed)
	}
	return out, nil
}
