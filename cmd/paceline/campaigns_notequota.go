package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sequence"
)

// A free account sends 5 invites with a personal note a month. An invite step with a
// note and fallback: wait holds each lead past those until the quota renews: QA's 40
// leads on a free account showed "active" for a week while 5 invites went out, and
// nothing said why. Only simulate told (simulate_stalls.go); create and status now do.

// noteQuotaFactor is how many times its monthly note quota an account's share of the
// leads must be for most of its invites to wait: past it, more than half of them wait
// at least a month.
const noteQuotaFactor = 2

// quotaAccount is a campaign account that sends invites under a monthly note quota.
type quotaAccount struct {
	name  string
	quota int
}

// noteQuotaAccounts returns those of the named accounts that send invites and have a
// monthly note quota, and how many send invites in all (they share the leads). An
// account that does not exist is left to the campaign store to refuse.
func noteQuotaAccounts(ctx context.Context, st paceline.AccountStore, names []string) (quota []quotaAccount, inviting int, err error) {
	for _, name := range names {
		a, err := st.Account(ctx, name)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, 0, fmt.Errorf("read account %s for its note quota: %w", name, err)
		}
		cfg, err := limits.ConfigFor(a)
		if err != nil {
			// A stored account whose settings no longer check still has its type's.
			if cfg, err = limits.NewConfig(a.Type, nil); err != nil {
				return nil, 0, fmt.Errorf("account %s: %w", name, err)
			}
		}
		if !cfg.CanDo(paceline.KindInvite) {
			continue
		}
		inviting++
		if cfg.NoteQuotaMonthly != limits.Uncapped {
			quota = append(quota, quotaAccount{a.Name, cfg.NoteQuotaMonthly})
		}
	}
	return quota, inviting, nil
}

// waitSteps returns the sequence's invite steps with a note (in any variant) and
// fallback: wait: those whose leads wait for a note quota.
func waitSteps(seq *sequence.Sequence) []*sequence.Step {
	var out []*sequence.Step
	for i := range seq.Steps {
		st := &seq.Steps[i]
		if st.Kind != paceline.KindInvite || st.Fallback != sequence.FallbackWait {
			continue
		}
		note := st.Note != nil
		for _, v := range st.Variants {
			note = note || v.Note != nil
		}
		if note {
			out = append(out, st)
		}
	}
	return out
}

// noteQuotaWarnings warns, for each invite step with a note and fallback: wait, about
// each account whose monthly note quota is small compared with its share of leads
// (the leads shared among the accounts that send invites): most of its invites would
// wait for the quota to renew.
func noteQuotaWarnings(ctx context.Context, st paceline.AccountStore, seq *sequence.Sequence, names []string, leads int) (sequence.ValidationErrors, error) {
	steps := waitSteps(seq)
	if len(steps) == 0 || leads == 0 {
		return nil, nil
	}
	quota, inviting, err := noteQuotaAccounts(ctx, st, names)
	if err != nil || len(quota) == 0 {
		return nil, err
	}
	share := (leads + inviting - 1) / inviting
	var out sequence.ValidationErrors
	for _, step := range steps {
		for _, q := range quota {
			if share <= noteQuotaFactor*q.quota {
				continue
			}
			n := plural.Count(leads, "lead")
			if inviting > 1 {
				n += fmt.Sprintf(" (about %d from %s)", share, q.name)
			}
			out = append(out, &sequence.ValidationError{Line: step.Line, Step: step.ID, Message: fmt.Sprintf(
				"%s, note quota %d a month on %s: most invites will wait for the quota; fallback: plain or skip keeps them moving",
				n, q.quota, q.name)})
		}
	}
	return out, nil
}

// listSize counts the leads of list ("" for every lead) that a start could enroll:
// opted-out leads are left out.
func listSize(ctx context.Context, st paceline.LeadStore, list string) (int, error) {
	n := 0
	f := paceline.LeadFilter{List: list, Limit: 1000}
	for {
		page, err := st.ListLeads(ctx, f)
		if err != nil {
			return 0, fmt.Errorf("count the leads of list %q: %w", list, err)
		}
		n += len(page)
		if len(page) < f.Limit {
			return n, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// campaignNoteQuotaWarnings is noteQuotaWarnings for campaign c over its list.
func campaignNoteQuotaWarnings(ctx context.Context, db *runtimeDB, c *paceline.Campaign, seq *sequence.Sequence) (sequence.ValidationErrors, error) {
	if seq == nil || len(waitSteps(seq)) == 0 {
		return nil, nil // no need to count the list
	}
	n, err := listSize(ctx, db.store, c.List)
	if err != nil {
		return nil, err
	}
	return noteQuotaWarnings(ctx, db.store, seq, c.Accounts, n)
}

// noteQuotaWait counts, of a running campaign, the leads whose invite with a note and
// fallback: wait is due while their account's monthly note quota is used up: they
// wait, "active", until it renews. Held and waiting-for-an-event leads are not
// counted, nor one whose invite goes out plain.
type noteQuotaWait struct {
	Leads int `json:"leads"`
	// Accounts says, for each account with waiting leads, its notes used and quota.
	Accounts []noteQuotaUse `json:"accounts,omitempty"`
}

// noteQuotaUse is one account's note quota at the status's instant.
type noteQuotaUse struct {
	Account string `json:"account"`
	Leads   int    `json:"leads"`
	Used    int    `json:"notes_used_this_month"`
	Quota   int    `json:"note_quota_monthly"`
}

// campaignEnrollments reads every enrollment of a campaign (both stores have it).
type campaignEnrollments interface {
	CampaignEnrollments(ctx context.Context, campaign string) ([]paceline.EnrollmentRecord, error)
}

// quotaSnapshot is what noteQuotaWaiting reads of an enrollment's engine snapshot.
type quotaSnapshot struct {
	Phase uint8     `json:"phase"`
	Due   time.Time `json:"due"`
	Plain bool      `json:"plain"`
}

// noteQuotaWaiting counts the campaign's leads waiting for a note quota at now, from
// the stored enrollments and each account's ledger (replaySnapshot, as limits show).
func noteQuotaWaiting(ctx context.Context, st runtimeStore, c *paceline.Campaign, now time.Time) (noteQuotaWait, error) {
	var out noteQuotaWait
	seq, err := sequence.Parse([]byte(c.Sequence))
	if err != nil {
		return out, nil // a sequence stored before a check: status says what it can
	}
	steps := map[int]bool{}
	for _, step := range waitSteps(seq) {
		steps[seq.Index(step.ID)] = true
	}
	ce, ok := st.(campaignEnrollments)
	lr, ok2 := st.(ledgerReader)
	if len(steps) == 0 || !ok || !ok2 {
		return out, nil
	}
	recs, err := ce.CampaignEnrollments(ctx, c.Name)
	if err != nil {
		return out, err
	}
	byAccount := map[string]int{}
	for _, r := range recs {
		if !r.State.Running() || r.Held || !steps[r.Step] {
			continue
		}
		var s quotaSnapshot
		if r.Snapshot != "" {
			if err := json.Unmarshal([]byte(r.Snapshot), &s); err != nil {
				continue
			}
		}
		// The engine's phases 0 and 1: the step's delay ran out, or it waits for the
		// Pacer. Waiting for an accept, or a withdraw, is not waiting for a note.
		if r.State != paceline.EnrollmentActive || s.Plain || s.Phase > 1 || r.Due.After(now) {
			continue
		}
		byAccount[r.Account]++
	}
	for _, name := range slices.Sorted(maps.Keys(byAccount)) {
		snap, err := replaySnapshot(ctx, lr, name, now)
		if err != nil {
			return out, err
		}
		if snap.NoteQuota == nil || snap.NotesUsed == nil || *snap.NotesUsed < *snap.NoteQuota {
			continue
		}
		out.Leads += byAccount[name]
		out.Accounts = append(out.Accounts, noteQuotaUse{Account: name, Leads: byAccount[name], Used: *snap.NotesUsed, Quota: *snap.NoteQuota})
	}
	return out, nil
}

// line says in a sentence why the leads wait and what moves them.
func (w noteQuotaWait) line() string {
	var parts []string
	for _, u := range w.Accounts {
		parts = append(parts, fmt.Sprintf("%s has sent %d of its %s this month", u.Account, u.Used, plural.Count(u.Quota, "personal note")))
	}
	return fmt.Sprintf("%s %s for a personal note: %s, and the invite's fallback: wait holds them until the quota renews (fallback: plain or skip keeps them moving)",
		plural.Count(w.Leads, "lead"), plural.Verb(w.Leads, "waits", "wait"), strings.Join(parts, "; "))
}

// noteQuotaStatus fills in the status s of campaign c: the leads waiting for a note
// quota now (at the database's clock, as the runtime reads it), and the warning create
// gives, over the leads still to be invited (a draft's list, a started campaign's
// active leads) when none waits yet.
func noteQuotaStatus(ctx context.Context, st runtimeStore, c *paceline.Campaign, s *campaignStatus) error {
	if c.State != paceline.CampaignDraft {
		now, _, err := databaseNow(ctx, st, time.Now())
		if err != nil {
			return err
		}
		if s.NoteQuota, err = noteQuotaWaiting(ctx, st, c, now); err != nil {
			return err
		}
		if s.NoteQuota.Leads > 0 {
			return nil
		}
	}
	seq, err := sequence.Parse([]byte(c.Sequence))
	if err != nil || len(waitSteps(seq)) == 0 {
		return nil
	}
	leads := s.Active
	if ls, ok := st.(paceline.LeadStore); ok && c.State == paceline.CampaignDraft {
		if leads, err = listSize(ctx, ls, c.List); err != nil {
			return err
		}
	}
	warnings, err := noteQuotaWarnings(ctx, st, seq, c.Accounts, leads)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		s.NoteQuotaWarnings = append(s.NoteQuotaWarnings, w.Error())
	}
	return nil
}
