package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/limits"
)

// dbAudit is audit --db's JSON: the auditor's report over the database's ledger, with
// every campaign step a lead was sent twice counted as a violation of its own.
type dbAudit struct {
	audit.Report
	Actions    int `json:"actions"`
	Duplicates int `json:"duplicates"`
	Planned    int `json:"planned"`
}

// auditDB audits the ledger of the database at --db.
func (a *app) auditDB(ctx context.Context, asJSON bool) error {
	return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
		accts, err := db.store.Accounts(ctx)
		if err != nil {
			return err
		}
		l := &audit.Ledger{}
		planned := 0
		for _, acct := range accts {
			cfg, err := limits.ConfigFor(acct)
			if err != nil {
				return err
			}
			aa := audit.Account{Name: acct.Name, Type: acct.Type, Location: cfg.Schedule.Location, Hours: cfg.Schedule.Hours,
				Days: cfg.Schedule.Days, MinGap: cfg.MinGap, WeeklyCaps: map[paceline.ActionKind]int{}, DailyCaps: map[paceline.ActionKind]int{},
				NoteQuotaMonthly: cfg.NoteQuotaMonthly}
			for i, k := range paceline.ActionKinds {
				if cfg.Weekly[i] > 0 {
					aa.WeeklyCaps[k] = cfg.Weekly[i]
				}
				if cfg.Daily[i] > 0 {
					aa.DailyCaps[k] = cfg.Daily[i]
				}
			}
			l.Accounts = append(l.Accounts, aa)
			p, err := db.store.PlannedActions(ctx, acct.Name)
			if err != nil {
				return err
			}
			planned += len(p)
		}
		if l.Actions, err = db.store.DoneActions(ctx); err != nil {
			return err
		}
		dups, err := db.store.DuplicateSteps(ctx)
		if err != nil {
			return err
		}
		r := dbAudit{Report: audit.Check(l), Actions: len(l.Actions), Duplicates: len(dups), Planned: planned}
		for _, d := range dups {
			r.Details = append(r.Details, audit.Violation{Rule: "duplicate_step", Account: d.Account, Kind: string(d.Kind), At: d.At,
				Message: fmt.Sprintf("lead %s was sent step %s of campaign %s more than once", d.Lead, d.Step, d.Campaign)})
		}
		r.Violations = len(r.Details)
		if asJSON {
			return writeJSON(a.stdout, r)
		}
		if err := writeAuditSummary(a.stdout, db.name, l, r.Report); err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.stdout, "Duplicate executions (a lead sent one step twice): %d. Actions still in flight: %d.\n", len(dups), planned)
		return err
	})
}
