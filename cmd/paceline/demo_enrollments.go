package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
)

// The demo runs one engine in memory for speed, but keeps its enrollments in the
// database as paceline serve does (one record per lead, with the engine's snapshot,
// step and state, saved with each account's event cursor and the clock it reached):
// campaigns status, the Held steps and a later serve on the demo's file all read what
// happened, and a restarted demo restores every lead where it stood.

// demoEnrollment is one engine enrollment and its stored record as last saved.
type demoEnrollment struct {
	e   *engine.Enrollment
	rec paceline.EnrollmentRecord
}

// enrollDemo puts every lead of the demo into the engine: those with a stored running
// enrollment restored from its snapshot, on their account, and the others of the
// campaign's list enrolled at now and stored, unless the campaign ever had them (they
// finished or stopped) or the ledger contacted them before enrollments were stored (a
// demo database from an older paceline). It then saves every enrollment, so the
// database holds them at once.
func (r *demoRun) enrollDemo(ctx context.Context, leads []*paceline.Lead, contacted map[string]bool, now time.Time) error {
	byKey := make(map[string]*paceline.Lead, len(leads))
	for _, l := range leads {
		byKey[engine.LeadKey(l)] = l
	}
	stored, err := r.st.CampaignEnrollments(ctx, demoCampaign)
	if err != nil {
		return err
	}
	r.enrolled = make(map[string]*demoEnrollment, len(leads))
	gone := map[string][]paceline.EnrollmentRecord{}
	for _, rec := range stored {
		l := byKey[rec.Lead]
		if l == nil {
			// Opted out or erased while the demo was stopped: no longer listed.
			rec, err := optedOutRecord(rec, now)
			if err != nil {
				return err
			}
			gone[rec.Account] = append(gone[rec.Account], rec)
			continue
		}
		snap := engine.Snapshot{State: engine.Active, Due: now, Started: now}
		if rec.Snapshot != "" {
			if err := json.Unmarshal([]byte(rec.Snapshot), &snap); err != nil {
				return fmt.Errorf("demo enrollment %d of %s: read snapshot: %w", rec.ID, rec.Lead, err)
			}
		}
		e, err := r.g.Restore(demoCampaign, l, rec.Account, snap)
		if err != nil {
			return fmt.Errorf("restore the demo enrollment of %s: %w", rec.Lead, err)
		}
		r.enrolled[rec.Lead] = &demoEnrollment{e: e, rec: rec}
	}
	for account, recs := range gone {
		if err := r.st.SaveTick(ctx, account, recs, r.cursor[account], now); err != nil {
			return fmt.Errorf("stop the demo's opted-out leads on %s: %w", account, err)
		}
	}
	ever, err := r.st.EnrolledLeads(ctx, demoCampaign)
	if err != nil {
		return err
	}
	// The stored campaign runs its list, as campaigns start enrolls it: a lead
	// uploaded to another list on the dashboard's Leads page is not enrolled.
	c, err := r.st.Campaign(ctx, demoCampaign)
	if err != nil {
		return err
	}
	members, err := r.st.ListLeads(ctx, paceline.LeadFilter{List: c.List})
	if err != nil {
		return err
	}
	inList := make(map[string]bool, len(members))
	for _, l := range members {
		inList[engine.LeadKey(l)] = true
	}
	var recs []paceline.EnrollmentRecord
	fresh := map[string]*engine.Enrollment{}
	for _, l := range leads {
		key := engine.LeadKey(l)
		if !ever[key] && contacted[key] {
			r.unrecorded++
		}
		if ever[key] || contacted[key] || r.enrolled[key] != nil || !inList[key] {
			continue
		}
		e, err := r.g.Enroll(demoCampaign, l, now)
		if paceline.ErrorCode(err) == paceline.ECONFLICT {
			continue
		}
		if err != nil {
			return err
		}
		fresh[key] = e
		recs = append(recs, paceline.EnrollmentRecord{Lead: key, Account: e.Account, LeadFacts: runtime.FactsOf(l), Started: now})
	}
	if len(recs) > 0 {
		if _, err := r.st.AddEnrollments(ctx, demoCampaign, recs); err != nil {
			return fmt.Errorf("store the demo's enrollments: %w", err)
		}
		// Read back the new records' ids, which the saves update by.
		if stored, err = r.st.CampaignEnrollments(ctx, demoCampaign); err != nil {
			return err
		}
		for _, rec := range stored {
			if e := fresh[rec.Lead]; e != nil {
				r.enrolled[rec.Lead] = &demoEnrollment{e: e, rec: rec}
			}
		}
	}
	return r.checkpoint(ctx, now, true)
}

// checkpoint saves the enrollments whose snapshot changed since their last save, as a
// serve tick does (SaveTick, per account, with the events applied and the instant
// reached): every enrollment when all, else those an action or an answer touched since
// the last checkpoint. The caller holds r.mu, or is the only one using r.
func (r *demoRun) checkpoint(ctx context.Context, now time.Time, all bool) error {
	changed := map[string][]*demoEnrollment{}
	recs := map[string][]paceline.EnrollmentRecord{}
	note := func(d *demoEnrollment) error {
		b, err := json.Marshal(d.e.Snapshot())
		if err != nil {
			return fmt.Errorf("demo enrollment %d: %w", d.rec.ID, err)
		}
		if string(b) == d.rec.Snapshot {
			return nil
		}
		rec := runtime.StoredRecord(d.rec, d.e, b)
		changed[rec.Account] = append(changed[rec.Account], d)
		recs[rec.Account] = append(recs[rec.Account], rec)
		return nil
	}
	if all {
		for _, d := range r.enrolled {
			if err := note(d); err != nil {
				return err
			}
		}
	} else {
		for key := range r.dirty {
			if d := r.enrolled[key]; d != nil {
				if err := note(d); err != nil {
					return err
				}
			}
		}
	}
	for _, name := range r.accounts {
		if !all && len(recs[name]) == 0 {
			continue
		}
		if err := r.st.SaveTick(ctx, name, recs[name], r.cursor[name], now); err != nil {
			return fmt.Errorf("save the demo's enrollments of %s: %w", name, err)
		}
		// Only a saved record counts as saved: one whose save failed is tried again.
		for i, d := range changed[name] {
			d.rec = recs[name][i]
		}
	}
	clear(r.dirty)
	return nil
}

// touched marks a lead's enrollment for the next checkpoint.
func (r *demoRun) touched(lead string) {
	if r.dirty == nil {
		r.dirty = map[string]bool{}
	}
	r.dirty[lead] = true
}
