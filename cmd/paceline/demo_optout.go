package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/lead"
)

// An opt-out (leads optout, the dashboard's lead page, the API) records no event on
// the account that runs the lead's sequence: serve's outbox asks the suppression list
// before each action goes out and stops the sequence of a lead found there. The demo
// does the same, so that a lead opted out while it runs, or while it was stopped, is
// contacted no more.

// demoExecutor is the demo's executor (the assisted desk or the simulated LinkedIn),
// behind the suppression list: as an engine.Gate it holds back the action of a lead
// on it, and the run then stops that lead's sequence (stopSuppressed).
type demoExecutor struct {
	*assist.Router
	r *demoRun
}

var _ engine.Gate = demoExecutor{}

// Ready lets the action go unless its lead is on the suppression list, by any key the
// demo knows of it.
func (x demoExecutor) Ready(ctx context.Context, a paceline.Action, _ engine.Text) (bool, time.Time, error) {
	keys, ok := x.r.keys[a.Lead]
	if !ok {
		k, err := lead.ParseRef(a.Lead)
		if err != nil {
			return true, time.Time{}, nil // names no one a list could hold
		}
		keys = []lead.Key{k}
	}
	out, err := x.r.st.IsSuppressed(ctx, keys...)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("check whether %s opted out: %w", a.Lead, err)
	}
	if out {
		x.r.suppressed = append(x.r.suppressed, a.Lead)
	}
	return !out, time.Time{}, nil
}

// stopSuppressed stops the sequences of the leads Ready held back, as serve's tick
// does: an opt-out without an account, which no Pacer learns from. The caller holds
// r.mu.
func (r *demoRun) stopSuppressed(now time.Time) {
	for _, ref := range r.suppressed {
		r.g.Observe(paceline.Event{At: now, Lead: ref, Type: paceline.EventOptedOut})
		r.touched(ref)
	}
	r.suppressed = r.suppressed[:0]
}

// optedOutRecord is a stored running enrollment whose lead is no longer listed (opted
// out or erased while the demo was stopped) ended as stopped on opted_out, so that it
// no longer holds the lead nor counts as running.
func optedOutRecord(rec paceline.EnrollmentRecord, now time.Time) (paceline.EnrollmentRecord, error) {
	var snap engine.Snapshot
	if rec.Snapshot != "" {
		if err := json.Unmarshal([]byte(rec.Snapshot), &snap); err != nil {
			return rec, fmt.Errorf("demo enrollment %d of %s: read snapshot: %w", rec.ID, rec.Lead, err)
		}
	}
	snap.State, snap.Ended, snap.Reason = engine.Stopped, now, string(paceline.EventOptedOut)
	if snap.Started.IsZero() {
		snap.Started = now
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return rec, fmt.Errorf("demo enrollment %d: %w", rec.ID, err)
	}
	rec.State, rec.Ended, rec.Reason, rec.Due, rec.Held = paceline.EnrollmentStopped, now, snap.Reason, time.Time{}, false
	rec.Snapshot = string(b)
	return rec, nil
}
