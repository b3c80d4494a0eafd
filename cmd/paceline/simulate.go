package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/sim"
	"github.com/spf13/cobra"
)

// simulateCmd runs one campaign against the simulated LinkedIn in virtual time.
func (a *app) simulateCmd() *cobra.Command {
	var (
		run       simFlags
		ledgerDir string
		asJSON    bool
		force     bool
		sender    string
	)
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Run a campaign against the simulated LinkedIn in virtual time",
		Long: `simulate runs one campaign in virtual time: every lead is enrolled at --start, the
accounts share them in rotation, the strategy paces them, and a simulated LinkedIn (hidden
weekly limits, "limit reached" notices, restrictions, accepts and replies that depend on
the lead) answers. It prints what was sent, accepted and replied, the platform's
push-backs, the audit of the run's ledger and the share of the allowance used while
work of each kind was waiting (with the day every lead had been invited by, when the
leads ran out before the run's end).

Strategies: paceline (the engine and its Pacer), calendar (20 invites a day and 100 a
week counted from local midnight and Monday 00:00, as several open-source tools do) and
daily (a fixed daily cap, every day of the week, no weekly awareness). The same seed
gives the same leads and the same platform answers under every strategy: --strategy all
(or a list such as paceline,calendar) runs each and prints them side by side (--json: an
array of results).

The model and its parameters are described in docs/simulator.md.`,
		Example: `  paceline simulate --accounts free:3,sales-navigator:2 --leads 3000 --weeks 12
  paceline simulate --accounts free:2 --leads-file leads.csv --sequence seq.yaml --strategy calendar --json
  paceline simulate --accounts free:1 --leads 500 --ledger ./run1 && paceline audit --ledger ./run1
  paceline simulate --accounts free:2 --leads 1000 --strategy all`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := run.checkLeadSource(cmd); err != nil {
				return err
			}
			strategies, err := parseStrategies(run.strategy)
			if err != nil {
				return err
			}
			if len(strategies) > 1 && ledgerDir != "" {
				return paceline.FieldErrorf("ledger", "a ledger is one run's: give a single --strategy with --ledger")
			}
			one := run
			one.strategy = string(strategies[0])
			cfg, err := one.config()
			if err != nil {
				return err
			}
			signWith(&cfg, sender)
			if ledgerDir != "" {
				if err := checkOutDir("ledger", ledgerDir); err != nil {
					return err
				}
				if err := checkLedgerDirFree(ledgerDir, force); err != nil {
					return err
				}
			}
			if err := a.loadSimInputs(&cfg, &run); err != nil {
				return err
			}
			if err := a.checkSeatNotes(&cfg, run.seqFile); err != nil {
				return err
			}
			if err := a.checkSeatKinds(cmd.Context(), &cfg, run.seqFile); err != nil {
				return err
			}
			if len(strategies) > 1 {
				reps, err := runStrategies(cmd.Context(), cfg, strategies)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, reps)
				}
				return writeComparison(a.stdout, reps)
			}
			prepared, err := sim.Prepare(cfg)
			if err != nil {
				return err
			}
			// Last of the checks: a run refused for its inputs leaves no directory behind.
			made := ""
			if ledgerDir != "" {
				if made, err = makeLedgerDir(ledgerDir); err != nil {
					return err
				}
			}
			rep, err := prepared.Run(cmd.Context())
			if err == nil && ledgerDir != "" {
				// WriteDir writes each file to a temporary name and renames it into
				// place, so a failed write leaves no half-written ledger.
				if err = audit.WriteDir(ledgerDir, rep.Ledger); err != nil {
					err = fmt.Errorf("write the ledger to %s: %w", ledgerDir, err)
				}
			}
			if err != nil {
				// The directories made for this run, left empty, are removed with it.
				removeMadeDirs(ledgerDir, made)
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, rep)
			}
			start := cfg.Start
			if start.IsZero() {
				start = sim.DefaultStart
			}
			return writeReport(a.stdout, rep, start, ledgerDir)
		},
	}
	run.add(cmd, simHelp{
		leads: "number of synthetic leads (a realistic mix of seniority, mutual connections, fit)",
		weeks: "length of the run in weeks",
		seed:  "seed of the leads and of the platform's answers",
		start: "first instant of the run (RFC 3339 or a date)",
	})
	f := cmd.Flags()
	f.Lookup("strategy").Usage = "pacing strategy: paceline, calendar or daily; a comma-separated list of them, or all, runs each and prints them side by side"
	f.StringVar(&ledgerDir, "ledger", "", "directory to write the run's ledger to (accounts.csv, actions.csv), for paceline audit; one that already holds a ledger is refused unless --force")
	f.BoolVar(&force, "force", false, "replace the ledger already in the --ledger directory")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	f.StringVar(&sender, "sender-name", "", "first `name` every account signs with ({{sender_first_name}}; without it a text that needs it is held)")
	return cmd
}

// prepareLedgerDir is makeLedgerDir; made says the directory did not exist before.
func prepareLedgerDir(dir string) (made bool, err error) {
	top, err := makeLedgerDir(dir)
	return top != "", err
}

// makeLedgerDir creates the --ledger directory and makes sure a file can be written
// in it before the run: a directory that could not be created (a parent that is a file,
// no permission) or not written to was found only after the whole run, as an internal
// error (exit 3). made is the topmost directory it created, "" when dir existed: a
// failed run removes from dir up to it (removeMadeDirs), where it removed only dir and
// left the parents it had made.
func makeLedgerDir(dir string) (made string, err error) {
	made = topMissing(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		removeMadeDirs(dir, made)
		return "", paceline.FieldErrorf("ledger", "cannot create the directory %s: %v; give a directory you can write to", dir, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, ".paceline-ledger-check-*")
	if err != nil {
		removeMadeDirs(dir, made)
		return "", paceline.FieldErrorf("ledger", "cannot write in %s: %v; give a directory you can write to", dir, errors.Unwrap(err))
	}
	f.Close()
	return made, os.Remove(f.Name())
}

// topMissing returns the topmost directory of dir's path that does not exist (dir
// itself when only it is missing), "" when dir exists.
func topMissing(dir string) string {
	top := ""
	for d := filepath.Clean(dir); ; {
		// A name too long to exist is missing too; one this process may not look
		// at may exist.
		if _, err := os.Lstat(d); err == nil || errors.Is(err, fs.ErrPermission) {
			return top
		}
		top = d
		parent := filepath.Dir(d)
		if parent == d {
			return top
		}
		d = parent
	}
}

// removeMadeDirs removes dir and its parents up to top, the topmost one this run
// made (makeLedgerDir); "" removes nothing. os.Remove keeps a directory that holds
// anything, and the parents above it.
func removeMadeDirs(dir, top string) {
	if top == "" {
		return
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if err := os.Remove(d); err != nil {
			if _, statErr := os.Lstat(d); statErr == nil {
				return // it holds something: it and its parents stay
			}
			// a level MkdirAll did not get to: its parents may be this run's
		}
		if d == top || filepath.Dir(d) == d {
			return
		}
	}
}

// checkLedgerDirFree refuses, unless force, a --ledger directory that already holds a
// ledger file: a second run there replaced the first one's ledger without a word.
func checkLedgerDirFree(dir string, force bool) error {
	if force {
		return nil
	}
	var held []string
	for _, name := range []string{audit.AccountsFile, audit.ActionsFile} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			held = append(held, name)
		}
	}
	if len(held) == 0 {
		return nil
	}
	return paceline.FieldErrorf("ledger", "%s already holds a ledger (%s): remove %s or give another directory, or pass --force to replace it",
		dir, strings.Join(held, ", "), map[bool]string{true: "it", false: "them"}[len(held) == 1])
}

// loadSequence reads and validates a sequence file; "" is the built-in sequence.
func loadSequence(path string) (*sequence.Sequence, error) {
	if path == "" {
		return sequence.Default(), nil
	}
	src, err := readFlagFile("sequence", path)
	if err != nil {
		return nil, err
	}
	seq, err := sequence.Parse(src)
	if err != nil {
		return nil, &paceline.Error{Code: paceline.EINVALID, Field: "sequence",
			Message: fmt.Sprintf("%s is not a valid sequence:\n%v", path, err)}
	}
	return seq, nil
}

// checkSeatNotes checks the invite notes of cfg's sequence against the smallest note
// limit of its seats, as campaigns create does against a campaign's accounts: a note
// over it is refused, since the simulated account would send every invite without
// it; a note whose fields may take it over is a warning on stderr.
func (a *app) checkSeatNotes(cfg *sim.Config, path string) error {
	lim := sequence.Options{NoteMaxChars: sequence.MaxNoteChars}
	for _, seat := range cfg.Accounts {
		c, err := limits.NewConfig(seat.Type, nil)
		if err != nil {
			return fmt.Errorf("seat %s: %w", seat.Name, err)
		}
		if n := c.NoteMaxChars; n > 0 && (n < lim.NoteMaxChars || lim.NoteAccount == "" && n == lim.NoteMaxChars) {
			lim = sequence.Options{NoteMaxChars: n, NoteAccount: fmt.Sprintf("the %s accounts of --accounts", seat.Type)}
		}
	}
	name := cmpOr(path, "(built-in)")
	if err := sequence.Validate(cfg.Sequence, lim); err != nil {
		return &paceline.Error{Code: paceline.EINVALID, Field: "sequence",
			Message: fmt.Sprintf("%s cannot be sent from these accounts:\n%v", name, err)}
	}
	for _, w := range sequence.NoteWarnings(cfg.Sequence, lim) {
		fmt.Fprintf(a.stderr, "Warning: sequence %s: %v\n", name, w)
	}
	return nil
}

// writeSimulation prints a result, without its stalls, for a person; start is the
// run's first instant.
func writeSimulation(w io.Writer, r *sim.Result, start time.Time, ledgerDir string) error {
	return writeReport(w, &sim.Report{Result: r}, start, ledgerDir)
}

// writeReport prints a run for a person: its figures, then why leads stalled (a pause,
// held leads, a note quota, fallbacks); start is the run's first instant.
func writeReport(w io.Writer, rep *sim.Report, start time.Time, ledgerDir string) error {
	r := rep.Result
	tw := newTable(w)
	fmt.Fprintf(tw, "Strategy\t%s (%s, %s, %s, seed %d)\n", r.Strategy,
		plural.Count(r.Accounts, "account"), plural.Count(r.Leads, "lead"), plural.Count(r.Weeks, "week"), r.Seed)
	for _, k := range slices.Sorted(maps.Keys(r.Actions)) {
		line := fmt.Sprintf("%d", r.Actions[k])
		// Utilization counts only the weeks with work of the kind waiting, so it says
		// nothing of the weeks after the leads ran out: the line says which weeks.
		var notes []string
		if u, ok := r.Utilization[k]; ok {
			note := fmt.Sprintf("%.0f%% of the allowance while %s were waiting", u*100, plural.Of(k))
			if r.Restrictions > 0 {
				// Restricted weeks are left out of utilization: without saying so, a
				// run restricted 8 times read as using all of its allowance.
				note += ", weeks under a restriction left out"
			}
			notes = append(notes, note)
		}
		if k == string(paceline.KindInvite) {
			if n := invitedLeads(r, start); n != "" {
				notes = append(notes, n)
			}
		}
		if len(notes) > 0 {
			line += " (" + strings.Join(notes, "; ") + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", k, line)
	}
	fmt.Fprintf(tw, "Accepted\t%d\n", r.Accepted)
	fmt.Fprintf(tw, "Replied\t%d\n", r.Replied)
	fmt.Fprintf(tw, "Limit notices\t%d\n", r.LimitNotices)
	fmt.Fprintf(tw, "Restrictions\t%d\n", r.Restrictions)
	fmt.Fprintf(tw, "Audit\t%s\n", plural.Count(r.Violations, "violation"))
	writeStalls(tw, rep)
	if r.CompletionDays != nil {
		fmt.Fprintf(tw, "Completed in\t%.1f days\n", *r.CompletionDays)
	} else {
		fmt.Fprintf(tw, "Completed\tnot within the run (%s)\n", unfinishedLeads(rep))
	}
	fmt.Fprintf(tw, "Wall time\t%.2f s\n", r.WallSeconds)
	if ledgerDir != "" {
		fmt.Fprintf(tw, "Ledger\t%s (check it with: paceline audit --ledger %s)\n", ledgerDir, shellword.Quote(ledgerDir))
	}
	return tw.Flush()
}

// invitedLeads says how many of the run's leads were sent an invite: all of them by
// which day of the run (counted from 1), or how many of them; "" without a ledger.
func invitedLeads(r *sim.Result, start time.Time) string {
	if r.Ledger == nil || r.Leads == 0 {
		return ""
	}
	invited := map[string]bool{}
	var last time.Time
	for i := range r.Ledger.Actions {
		a := &r.Ledger.Actions[i]
		if a.Kind != paceline.KindInvite || a.Result != paceline.ResultDone || invited[a.Lead] {
			continue
		}
		invited[a.Lead] = true
		if a.At.After(last) {
			last = a.At
		}
	}
	if len(invited) < r.Leads {
		return fmt.Sprintf("%d of the %d leads invited", len(invited), r.Leads)
	}
	day := int(last.Sub(start)/(24*time.Hour)) + 1
	return fmt.Sprintf("all %d leads invited by day %d of %d", r.Leads, day, 7*r.Weeks)
}
