// Package mergerow is the rule both stores apply when an import merges leads that
// each run in a campaign: the merged person keeps one running enrollment and the
// others stop, in the import's transaction (DESIGN.md: a lead is in one running
// enrollment at a time). Enrollments name their lead by a reference (the profile slug,
// sales:ID or email:ADDRESS), so two leads enrolled under two references escape the
// unique index enrollments_one_running once they turn out to be one person: without
// this, each campaign would contact the person from its own account. The SQL stays in
// each store.
package mergerow

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/paceline/paceline/engine"
)

// Running is one running enrollment (new, active or waiting) of a merged lead, under
// any of its references.
type Running struct {
	ID       int64
	Campaign string
	Account  string
	Lead     string // the reference it was enrolled under
	Started  time.Time
	Snapshot string // engine.Snapshot as JSON; "" for one no tick has run yet
	// Contacted says its campaign has already acted on the person: an action of its
	// account and campaign to this reference is in the ledger, done or in flight.
	Contacted bool
}

// Keeper returns the index in runs of the enrollment that goes on: one that has
// contacted the person when only some have, else the one started first (the lowest id
// on a tie). The person has seen the campaign that contacted them; stopping it for
// one that has not would send a second invite or message from another account, the
// very double contact the merge must prevent, whereas the one that has not acted yet
// stops before the person ever hears of it. When both (or neither) have acted, the
// older enrollment has the longer history with the person and is kept. runs must not
// be empty.
func Keeper(runs []Running) int {
	best := 0
	for i := 1; i < len(runs); i++ {
		if before(runs[i], runs[best]) {
			best = i
		}
	}
	return best
}

// before reports whether a is kept rather than b.
func before(a, b Running) bool {
	if a.Contacted != b.Contacted {
		return a.Contacted
	}
	if !a.Started.Equal(b.Started) {
		return a.Started.Before(b.Started)
	}
	return a.ID < b.ID
}

// Reason is the reason written on an enrollment stopped because its lead was merged
// into lead id, whose enrollment keep goes on.
func Reason(id int64, keep Running) string {
	return fmt.Sprintf("merged into lead %d, which campaign %s already runs (enrollment %d on account %s)",
		id, keep.Campaign, keep.ID, keep.Account)
}

// Stopped returns the snapshot of r once stopped at at for reason: ended, with no
// step and nothing due. The snapshot is rewritten along with the row's state because
// a tick reads it back (an answer that arrives later restores the ended enrollment
// from its snapshot to credit its variant) and must find it ended, not waiting.
func Stopped(r Running, at time.Time, reason string) (string, error) {
	var snap engine.Snapshot
	if r.Snapshot != "" {
		if err := json.Unmarshal([]byte(r.Snapshot), &snap); err != nil {
			return "", fmt.Errorf("stop enrollment %d: read its snapshot: %w", r.ID, err)
		}
	}
	if snap.Started.IsZero() {
		snap.Started = r.Started
	}
	snap.Step, snap.State, snap.Due, snap.Ended, snap.Reason = -1, engine.Stopped, time.Time{}, at, reason
	b, err := json.Marshal(snap)
	if err != nil {
		return "", fmt.Errorf("stop enrollment %d: %w", r.ID, err)
	}
	return string(b), nil
}

// Competing groups runs by the lead that owners maps their reference to, and keeps the
// leads under which two or more enrollments run: the merges that need a stop.
func Competing(owners map[string]int64, runs []Running) map[int64][]Running {
	byLead := map[int64][]Running{}
	for _, r := range runs {
		byLead[owners[r.Lead]] = append(byLead[owners[r.Lead]], r)
	}
	maps.DeleteFunc(byLead, func(_ int64, runs []Running) bool { return len(runs) < 2 })
	return byLead
}

// Stop is an enrollment a merge stops: its id, the merged lead, the reason written on
// it and its ended snapshot.
type Stop struct {
	ID, Lead         int64
	Reason, Snapshot string
}

// Stops returns what to stop among the competing enrollments (Competing, with
// Contacted set), lead by lead in id order: every one but the Keeper, stopped at at.
func Stops(byLead map[int64][]Running, at time.Time) ([]Stop, error) {
	var out []Stop
	for _, id := range slices.Sorted(maps.Keys(byLead)) {
		runs := byLead[id]
		keep := runs[Keeper(runs)]
		reason := Reason(id, keep)
		for _, r := range runs {
			if r.ID == keep.ID {
				continue
			}
			snap, err := Stopped(r, at, reason)
			if err != nil {
				return nil, err
			}
			out = append(out, Stop{ID: r.ID, Lead: id, Reason: reason, Snapshot: snap})
		}
	}
	return out, nil
}

// Refs lists the references the competing enrollments run under, for the ledger read
// that tells which have contacted the person.
func Refs(byLead map[int64][]Running) []string {
	var refs []string
	for _, runs := range byLead {
		for _, r := range runs {
			refs = append(refs, r.Lead)
		}
	}
	return refs
}

// Acted names an action in the ledger by its account, lead reference and campaign.
type Acted struct{ Account, Lead, Campaign string }

// MarkContacted sets Contacted on each competing enrollment whose account and
// campaign have acted on its reference (acted: the ledger's done or in-flight
// campaign actions to Refs).
func MarkContacted(byLead map[int64][]Running, acted map[Acted]bool) {
	for _, runs := range byLead {
		for i := range runs {
			runs[i].Contacted = acted[Acted{runs[i].Account, runs[i].Lead, runs[i].Campaign}]
		}
	}
}
