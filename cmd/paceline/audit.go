package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

// auditShown is how many violations the human summary lists; --json lists them all.
const auditShown = 10

// auditCmd re-checks a ledger against the pacing contract, independently of the Pacer.
// Finding violations is a result, not a failure: the exit status is 0 either way, and
// non-zero only when the ledger cannot be read.
func (a *app) auditCmd() *cobra.Command {
	var ledgerDir string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "audit --ledger DIR | --db PATH",
		Short: "Check a ledger against the pacing contract",
		Long: `Audit re-checks a ledger against the pacing contract, independently of the Pacer:
weekly and daily caps over rolling windows, the monthly note quota, InMail credits,
working days and hours in each account's time zone (across DST changes) and the
minimum gap between consecutive actions. A ledger directory holds accounts.csv and
actions.csv, as paceline simulate --ledger writes them. An empty or missing cap in
accounts.csv is the account type's preset, and a cap above LinkedIn's limit for the
type is reported and checked against the limit; the summary says what the ledger
cannot show (InMail refunds, warm-up, back-off). With --db instead of --ledger, it audits the
ledger of a database that serve, worker or demo ran on, and also counts the campaign
steps a lead was sent twice and the actions still in flight.

The exit status is 0 whether or not violations are found; it is non-zero only when the
ledger cannot be read.`,
		Example: "  paceline audit --ledger ./run1\n  paceline audit --ledger ./run1 --json | jq .violations\n  paceline audit --db paceline.db",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if ledgerDir == "" && cmd.Flags().Changed("db") {
				return a.auditDB(cmd.Context(), asJSON)
			}
			if ledgerDir == "" {
				return usageError{errors.New("paceline audit needs --ledger DIR (the directory paceline simulate --ledger wrote) or --db PATH (a database serve, worker or demo ran on)")}
			}
			l, err := audit.ReadDir(ledgerDir)
			if err != nil {
				return err
			}
			var note string
			if !l.DailyCapsListed {
				if note, err = presetDailyCaps(l); err != nil {
					return err
				}
			}
			report := audit.Check(l)
			if asJSON {
				if note != "" {
					fmt.Fprintln(a.stderr, note) // stdout is the JSON document
				}
				return writeJSON(a.stdout, report)
			}
			if note != "" {
				fmt.Fprintln(a.stdout, note)
			}
			return writeAuditSummary(a.stdout, ledgerDir, l, report)
		},
	}
	cmd.Flags().StringVar(&ledgerDir, "ledger", "", "ledger directory holding accounts.csv and actions.csv")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"violations": N, "details": [...]} with every violation`)
	return cmd
}

// noDailyCap says why most ledgers have no daily cap to check, since limits presets
// shows a daily figure.
const noDailyCap = "LinkedIn publishes no daily cap; the INVITES/DAY of paceline limits presets is a pacing target, not a cap"

// presetDailyCaps gives the accounts of a ledger that does not list daily caps (one
// written before ledgers listed them) the daily caps of their type's preset, and
// returns the sentence that says so.
func presetDailyCaps(l *audit.Ledger) (string, error) {
	for i := range l.Accounts {
		acc := &l.Accounts[i]
		cfg, err := limits.NewConfig(acc.Type, nil)
		if err != nil {
			return "", fmt.Errorf("daily caps of account %s: %w", acc.Name, err)
		}
		for j, k := range paceline.ActionKinds {
			if n := cfg.Daily[j]; n != limits.Uncapped {
				if acc.DailyCaps == nil {
					acc.DailyCaps = map[paceline.ActionKind]int{}
				}
				acc.DailyCaps[k] = n
			}
		}
	}
	return fmt.Sprintf("%s lists no daily caps (it was written before ledgers listed them): each account is held to the daily caps of its type's preset.", audit.AccountsFile), nil
}

// dailyCapsLine says which daily caps the audit held the accounts to, by kind and cap.
func dailyCapsLine(l *audit.Ledger) string {
	type capOf struct {
		kind paceline.ActionKind
		n    int
	}
	count := map[capOf]int{}
	for i := range l.Accounts {
		for k, n := range l.Accounts[i].DailyCaps {
			count[capOf{k, n}]++
		}
	}
	if len(count) == 0 {
		return "Daily caps: none set, so none checked (" + noDailyCap + ")."
	}
	caps := slices.SortedFunc(maps.Keys(count), func(a, b capOf) int {
		if c := strings.Compare(string(a.kind), string(b.kind)); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})
	parts := make([]string, len(caps))
	for i, c := range caps {
		parts[i] = fmt.Sprintf("%s %d a day (%s)", c.kind, c.n, plural.Count(count[c], "account"))
	}
	return "Daily caps checked over rolling 24 hours: " + strings.Join(parts, ", ") + "."
}

// writeAuditSummary prints the counts per rule and the first violations.
func writeAuditSummary(w io.Writer, dir string, l *audit.Ledger, r audit.Report) error {
	fmt.Fprintf(w, "Audited %s: %s, %s.\n", dir, plural.Count(len(l.Accounts), "account"), plural.Count(len(l.Actions), "action"))
	fmt.Fprintln(w, dailyCapsLine(l))
	if err := writeAuditFindings(w, r.Findings); err != nil {
		return err
	}
	if r.Violations == 0 {
		fmt.Fprintln(w, "No violations: caps, note quota, InMail credits, working hours and minimum gaps all held.")
		return writeAuditUnchecked(w, r.Unchecked)
	}
	noun := "violations"
	if r.Violations == 1 {
		noun = "violation"
	}
	fmt.Fprintf(w, "%d %s:\n", r.Violations, noun)
	tw := newTable(w)
	counts := r.CountByRule()
	for _, rule := range audit.Rules() {
		if counts[rule] > 0 {
			fmt.Fprintf(tw, "  %s\t%d\n", rule, counts[rule])
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	shown := min(auditShown, len(r.Details))
	fmt.Fprintf(w, "First %d:\n", shown)
	tw = newTable(w)
	for _, v := range r.Details[:shown] {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", v.At.Format("2006-01-02T15:04:05Z07:00"), v.Account, v.Kind, v.Rule, v.Message)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rest := len(r.Details) - shown; rest > 0 {
		fmt.Fprintf(w, "... and %d more (--json lists them all).\n", rest)
	}
	return writeAuditUnchecked(w, r.Unchecked)
}

// writeAuditFindings lists the caps the audit did not take as the ledger gave them.
func writeAuditFindings(w io.Writer, findings []audit.Finding) error {
	if len(findings) == 0 {
		return nil
	}
	fmt.Fprintf(w, "Limits not taken as the ledger gives them (%d):\n", len(findings))
	tw := newTable(w)
	shown := min(auditShown, len(findings))
	for _, f := range findings[:shown] {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", f.Account, f.Rule, f.Message)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rest := len(findings) - shown; rest > 0 {
		fmt.Fprintf(w, "... and %d more (--json lists them all).\n", rest)
	}
	return nil
}

// writeAuditUnchecked says what the audit could not check, so that a clean audit is
// not read as more than it is.
func writeAuditUnchecked(w io.Writer, unchecked []string) error {
	if len(unchecked) == 0 {
		return nil
	}
	fmt.Fprintln(w, "Not checked:")
	for _, u := range unchecked {
		if _, err := fmt.Fprintf(w, "  - %s.\n", u); err != nil {
			return err
		}
	}
	return nil
}
