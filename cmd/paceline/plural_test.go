package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/linkedinexport"
	"github.com/paceline/paceline/sim"
)

// The summaries the CLI prints count in English: one of a thing is singular ("1 row:
// 1 new lead, 1 duplicate"), never "1 leads", and the verb agrees ("1 invite was").
func TestSummariesCountInEnglish(t *testing.T) {
	t.Parallel()
	days := 3.0
	for name, tc := range map[string]struct {
		write func(*bytes.Buffer) error
		want  []string
	}{
		"leads import": {func(b *bytes.Buffer) error {
			return writeImportSummary(b, "in.csv", "p.db", &lead.ImportReport{Preset: "generic", Rows: 1, Imported: 1, Duplicates: 1, Updated: 1, Merged: 1, Warnings: 1})
		}, []string{"1 row: 1 new lead, 1 duplicate (1 stored lead updated)", "1 stored lead turned out to be the same person as another and was merged", "  1 row had a value left out of the lead"}},
		"leads import, many": {func(b *bytes.Buffer) error {
			return writeImportSummary(b, "in.csv", "p.db", &lead.ImportReport{Preset: "generic", Rows: 2, Imported: 0, Duplicates: 2, Updated: 2, Merged: 2})
		}, []string{"2 rows: 0 new leads, 2 duplicates (2 stored leads updated)", "2 stored leads turned out to be the same person as another and were merged"}},
		"tasks list": {func(b *bytes.Buffer) error {
			return writeTasks(b, []*paceline.Task{{ID: 1, Account: "alice", Kind: paceline.KindInvite, State: paceline.TaskOffered, Todo: "Invite Ada"}}, nil)
		}, []string{"\n1 task. Mark one with"}},
		"audit": {func(b *bytes.Buffer) error {
			return writeAuditSummary(b, "ledger", &audit.Ledger{Accounts: make([]audit.Account, 1), Actions: make([]paceline.Action, 1)}, audit.Report{})
		}, []string{"Audited ledger: 1 account, 1 action."}},
		"linkedin import": {func(b *bytes.Buffer) error {
			return writeArchiveReport(b, "alice", &archiveReport{Invites: 1, InvitesInLedger: 1, TasksClosed: 1,
				Rows:      map[string]int{"connections": 1, "invitations": 1, "messages": 1},
				Unmatched: []linkedinexport.Unmatched{{File: "Connections.csv", Line: 2, Cause: "unknown_lead"}}, ByCause: map[linkedinexport.Cause]int{"unknown_lead": 1}})
		}, []string{"1 new invite, 0 accepted", "(1 invite was already in the ledger)", "Closed 1 open invite task the archive shows was sent.",
			"Read 1 connection, 1 invitation and 1 message.", "\n1 row gave nothing:"}},
		"leads enrich": {func(b *bytes.Buffer) error {
			return writeEnrichSummary(b, &enrichSummary{Leads: 1, Enriched: 1, Errors: []string{"#1 Ann: timeout"}})
		}, []string{"Enriched 1 of 1 lead.", "1 lead had provider errors (shown above); its other fills were kept."}},
		"simulate": {func(b *bytes.Buffer) error {
			return writeSimulation(b, &sim.Result{Strategy: "paceline", Accounts: 1, Leads: 1, Weeks: 1, Violations: 1, CompletionDays: &days}, sim.DefaultStart, "")
		}, []string{"(1 account, 1 lead, 1 week, seed 0)", "1 violation\n"}},
		"simulate, unfinished": {func(b *bytes.Buffer) error {
			return writeSimulation(b, &sim.Result{Strategy: "paceline", Accounts: 2, Leads: 2, Weeks: 2, Unfinished: 1}, sim.DefaultStart, "")
		}, []string{"(2 accounts, 2 leads, 2 weeks, seed 0)", "(1 lead still in progress)"}},
		"forecast": {func(b *bytes.Buffer) error {
			return writeForecast(b, &sim.Forecast{Strategy: "paceline", Accounts: 1, Leads: 1, Weeks: 1, Runs: 1, Seed: 7, Finished: 1}, "")
		}, []string{"paceline, 1 account, 1 lead, 1 week, 1 run (seed 7)", "1 of 1 within 1 week\n"}},
	} {
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, want := range tc.want {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: the output lacks %q:\n%s", name, want, b.String())
			}
		}
	}
}
