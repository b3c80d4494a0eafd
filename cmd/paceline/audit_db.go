package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/limits"
)

// dbAudit is audit --db's JSON: the auditor's report over the database's ledger, with
// every campaign step a lead was sent twice counted as a violation of its own, and
// every person a campaign step of one kind reached twice under two of their references
// (audit.ContactedTwice).
type dbAudit struct {
	audit.Report
	Actions        int `json:"actions"`
	Duplicates     int `json:"duplicates"`
	ContactedTwice int `json:"contacted_twice"`
	Planned        int `json:"planned"`
	// Settings names the accounts checked with settings nobody recorded (omitted when
	// every account's history of settings runs from its creation).
	Settings *settingsNote `json:"settings_history,omitempty"`
}

// auditDB audits the ledger of the database at --db: each action by the settings of
// its account in force when it happened (audit.CheckPeriods), held to LinkedIn's
// limits on its type and its InMails to its credits (holdToLinkedIn).
func (a *app) auditDB(ctx context.Context, asJSON bool) error {
	return a.withReadableRuntimeDB(ctx, func(db *runtimeDB) error {
		accts, err := db.store.Accounts(ctx)
		if err != nil {
			return err
		}
		l := &audit.Ledger{}
		planned := 0
		periods := map[string][]audit.Period{}
		var note settingsNote
		for _, acct := range accts {
			aa, err := auditAccount(acct)
			if err != nil {
				return err
			}
			l.Accounts = append(l.Accounts, aa)
			if err := holdToLinkedIn(l, acct); err != nil {
				return err
			}
			if periods[acct.Name], err = accountPeriods(ctx, db.store, acct, &note); err != nil {
				return err
			}
			p, err := db.store.PlannedActions(ctx, acct.Name)
			if err != nil {
				return err
			}
			planned += len(p)
		}
		if l.Actions, err = db.store.DoneActions(ctx); err != nil {
			return err
		}
		if err := inmailRefunds(ctx, db.store, l); err != nil {
			return err
		}
		dups, err := db.store.DuplicateSteps(ctx)
		if err != nil {
			return err
		}
		r := dbAudit{Report: audit.CheckPeriods(l, periods), Actions: len(l.Actions), Duplicates: len(dups), Planned: planned}
		for _, d := range dups {
			r.Details = append(r.Details, audit.Violation{Rule: "duplicate_step", Account: d.Account, Kind: string(d.Kind), At: d.At,
				Message: fmt.Sprintf("lead %s was sent step %s of campaign %s more than once", d.Lead, d.Step, d.Campaign)})
		}
		twice, err := audit.ContactedTwice(l.Actions, storedLeadOf(ctx, db.store))
		if err != nil {
			return err
		}
		r.ContactedTwice = len(twice)
		r.Details = append(r.Details, twice...)
		r.Violations = len(r.Details)
		if len(note.Unrecorded)+len(note.Assumed) > 0 {
			r.Settings = &note
		}
		if asJSON {
			return writeJSON(a.stdout, r)
		}
		if err := writeAuditSummary(a.stdout, db.name, l, r.Report); err != nil {
			return err
		}
		if err := note.write(a.stdout); err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.stdout, "Duplicate executions (a lead sent one step twice): %d. Actions still in flight: %d.\n", len(dups), planned)
		if err == nil && len(twice) > 0 {
			_, err = fmt.Fprintf(a.stdout, "Leads contacted twice (one person reached by two steps of one kind under two of their references, %s): %d.\n",
				audit.RuleContactedTwice, len(twice))
		}
		return err
	})
}

// storedLeadOf finds the stored lead a ledger reference names, for
// audit.ContactedTwice: a reference that is no key, or that no lead holds any more
// (erased, under an alias), names none.
func storedLeadOf(ctx context.Context, st paceline.LeadStore) audit.LeadOfFunc {
	return func(ref string) (int64, bool, error) {
		k, err := lead.ParseRef(ref)
		if err != nil {
			return 0, false, nil
		}
		l, err := st.LeadByKey(ctx, k.Type.String(), k.Value)
		switch {
		case paceline.ErrorCode(err) == paceline.ENOTFOUND:
			return 0, false, nil
		case err != nil:
			return 0, false, err
		}
		return l.ID, true, nil
	}
}

// auditAccount is what the auditor checks of a stored account: its schedule, minimum
// gap, note quota and its caps as the Pacer applies them. A cap of 0 (the kind
// switched off) is a cap every done action of the kind breaks, not the absence of a
// cap; and the safety margin is part of the cap (--safety 0.8 on a weekly cap of 100
// allows 80), as warm-up and back-off are not: they change with time and the auditor
// checks the account's standing allowance.
func auditAccount(acct *paceline.Account) (audit.Account, error) {
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return audit.Account{}, fmt.Errorf("audit account %s: %w", acct.Name, err)
	}
	aa := audit.Account{Name: acct.Name, Type: acct.Type, Location: cfg.Schedule.Location, Hours: cfg.Schedule.Hours,
		Days: cfg.Schedule.Days, MinGap: cfg.MinGap, WeeklyCaps: map[paceline.ActionKind]int{}, DailyCaps: map[paceline.ActionKind]int{},
		NoteQuotaMonthly: cfg.NoteQuotaMonthly}
	for i, k := range paceline.ActionKinds {
		if n := cfg.Weekly[i]; n != limits.Uncapped {
			aa.WeeklyCaps[k] = limits.AfterSafety(n, cfg.Safety)
		}
		if n := cfg.Daily[i]; n != limits.Uncapped {
			aa.DailyCaps[k] = limits.AfterSafety(n, cfg.Safety)
		}
	}
	return aa, nil
}
