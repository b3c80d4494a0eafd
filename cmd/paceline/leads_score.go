package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/score"
	"github.com/spf13/cobra"
)

func (a *app) leadsScoreCmd() *cobra.Command {
	var f scoreFlags
	cmd := &cobra.Command{
		Use:   "score",
		Short: "Rescore every lead, set the ICP rules in force, or learn the weights from outcomes",
		Long: `Score recomputes every lead's 0-100 score and explanation with the ICP rules in force:
the built-in rules until you set your own.

--icp FILE puts the rules of FILE in force: the database keeps them, and every later
import (the dashboard's and the API's too) and rescoring scores with them without
--icp. --icp default goes back to the built-in rules (a file named default is
./default). --show-rules prints the rules in force and touches no lead. A custom
rule reads the column as the leads keep it (leads list shows custom.NAME) or as the
file headed it (Notiz for notiz); one that names a column no stored lead carries, or
the column of another rule, is scored as written and warned of, with the name most
likely meant.

With --learn, the rules (those of --icp, else those in force) are first re-weighted
from outcomes: which leads accepted an invite and which replied (see score.Learn: a
smoothed log-odds lift per rule); the learned rules are put in force. The outcomes
come from the ledger of this database: every imported lead that was sent an invite,
a message, an InMail or an email, and whether it accepted or replied. Outcomes from
elsewhere (another tool, a CRM) can be given instead as a CSV file with --outcomes,
with the header key,accepted,replied (in any order; comma, semicolon or tab, as a
spreadsheet saves it): key is a lead's id, URL, email or key (in:john-doe), the
others true/false (also yes/no, 1/0). Rows that name the same lead (by its URL and
its email, say) count once; rows that disagree about it are refused. --out also
saves the learned rules as YAML; --dry-run prints what learning would change and
changes nothing in the database (--out still saves the file).

--print-default prints the built-in rules as YAML and touches no lead: the starting
point for an --icp file of your own.`,
		Example: `  paceline leads score --icp icp.yaml
  paceline leads score --show-rules
  paceline leads score --learn --dry-run --out icp-learned.yaml
  paceline leads score --learn --outcomes outcomes.csv --icp icp.yaml
  paceline leads score --icp default
  paceline leads score --print-default > icp.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.check(); err != nil {
				return err
			}
			if f.printDefault {
				_, err := a.stdout.Write(score.DefaultYAML())
				return err
			}
			icp, err := readICP(f.icp)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withLeadStore(ctx, func(st appStore) error {
				if f.showRules {
					return a.showRules(ctx, icpStoreOf(st), f.json)
				}
				return a.scoreLeads(ctx, st, icp, f)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.icp, "icp", "", "put the ICP rules of this YAML `file` in force (\"default\": the built-in rules) and score with them (default: the rules in force)")
	fl.BoolVar(&f.learn, "learn", false, "re-weight the rules from outcomes (the ledger's, or --outcomes) and put the learned rules in force")
	fl.StringVar(&f.outcomes, "outcomes", "", "CSV `file` of outcomes key,accepted,replied, instead of the ledger's")
	fl.StringVar(&f.out, "out", "", "also save the learned rules to this YAML `file`")
	fl.BoolVar(&f.dryRun, "dry-run", false, "with --learn: print what learning would change, change nothing in the database")
	fl.BoolVar(&f.showRules, "show-rules", false, "print the ICP rules in force as YAML and score nothing")
	fl.BoolVar(&f.json, "json", false, "print the result as JSON")
	fl.BoolVar(&f.printDefault, "print-default", false, "print the built-in rules as YAML, to start an --icp file from, and score nothing")
	return cmd
}

// scoreFlags are the options of leads score as typed.
type scoreFlags struct {
	icp, outcomes, out                           string
	learn, dryRun, showRules, json, printDefault bool
}

// check refuses flags that do not go together, before any file or database is read.
func (f *scoreFlags) check() error {
	switch {
	case f.printDefault && (f.learn || f.json || f.showRules || f.dryRun || f.icp != "" || f.outcomes != "" || f.out != ""):
		return paceline.FieldErrorf("print-default", "prints the built-in rules and scores nothing: give it alone")
	case f.showRules && (f.learn || f.dryRun || f.icp != "" || f.outcomes != "" || f.out != ""):
		return paceline.FieldErrorf("show-rules", "prints the rules in force and scores nothing: give it alone (or with --json)")
	case !f.learn && (f.outcomes != "" || f.out != ""):
		return paceline.FieldErrorf("learn", "--outcomes and --out go with --learn")
	case !f.learn && f.dryRun:
		return paceline.FieldErrorf("dry-run", "goes with --learn, to see what learning would change without putting the learned rules in force")
	}
	return nil
}

// scoreResult is what leads score --json prints.
type scoreResult struct {
	Leads       int                `json:"leads"`
	Changed     int                `json:"changed"`
	Adjustments []score.Adjustment `json:"adjustments"`
	Rules       rulesReport        `json:"rules"`
	DryRun      bool               `json:"dry_run,omitempty"`
	// Warnings name the custom rules that can give no lead points
	// (score.Rules.CustomFieldWarnings).
	Warnings []string `json:"warnings,omitempty"`
}

// scoreLeads rescores every lead with the rules of --icp, learned or in force, and
// puts the rules of --icp or learning in force in the same transaction.
func (a *app) scoreLeads(ctx context.Context, st appStore, icp *icpFlag, f scoreFlags) error {
	keeper := icpStoreOf(st)
	rules, stored, kept, err := rulesInForce(ctx, keeper)
	if err != nil && icp == nil {
		return err
	}
	if icp != nil {
		rules = icp.rules // rules in force that no longer parse are being replaced
	}
	res := scoreResult{Rules: rulesReport{InForce: rulesName(stored, kept), SetAt: stored.SetAt}, DryRun: f.dryRun}
	put := icp
	if f.learn {
		learned, adj, err := learnRules(ctx, st, rules, f.outcomes)
		if err != nil {
			return err
		}
		res.Adjustments = adj
		yml, err := learned.Marshal()
		if err != nil {
			return fmt.Errorf("encode learned rules: %w", err)
		}
		if f.out != "" {
			if err := writeFileAtomic(f.out, func(w io.Writer) error { _, err := w.Write(yml); return err }); err != nil {
				return err
			}
		}
		from := "the ledger's outcomes"
		if f.outcomes != "" {
			from = f.outcomes
		}
		put = &icpFlag{rules: learned, keep: score.Stored{YAML: string(yml), Source: "learned from " + from}}
	}
	used := rules
	if put != nil {
		used = put.rules
	}
	if res.Warnings, err = customFieldWarnings(ctx, st, used); err != nil {
		return err
	}
	switch {
	case f.dryRun:
	case put != nil:
		if res.Leads, res.Changed, err = keeper.SetICPRules(ctx, put.keep, put.rules.Apply); err != nil {
			return err
		}
		res.Rules = rulesReport{InForce: put.name(), Changed: true, Leads: res.Leads, Scores: res.Changed}
		if now, ok, err := keeper.ICPRules(ctx); err == nil && ok {
			res.Rules.SetAt = now.SetAt
		}
	default:
		// The rules in force are read again inside the rescore's transaction: those
		// read above may have been replaced since by a save of new rules, and scores
		// written with them would stand under the new ones.
		var read rulesRead
		if res.Leads, res.Changed, err = keeper.RescoreLeadsInForce(ctx, scoreInForce(&read)); err != nil {
			return err
		}
		if read.kept != kept || read.stored.YAML != stored.YAML {
			// They were: the warnings are those of the rules it scored with.
			if res.Warnings, err = customFieldWarnings(ctx, st, read.rules); err != nil {
				return fmt.Errorf("rescored %s with %s, but %w", plural.Count(res.Leads, "lead"), rulesName(read.stored, read.kept), err)
			}
		}
		res.Rules = *read.report()
	}
	if f.json {
		res.Adjustments = jsonArray(res.Adjustments)
		return writeJSON(a.stdout, res)
	}
	writeScoreSummary(a.stdout, res, f)
	for _, w := range res.Warnings {
		fmt.Fprintf(a.stderr, "Warning: ICP rules: %s.\n", w)
	}
	return nil
}

// customFieldWarnings checks the custom rules of r against the custom fields the
// stored leads carry (score.Rules.CustomFieldWarnings). With no lead stored yet there
// is nothing to check against: rules are often set before the first import.
func customFieldWarnings(ctx context.Context, st leadStore, r *score.Rules) ([]string, error) {
	if len(r.Custom) == 0 {
		return nil, nil
	}
	n, err := st.CountLeads(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	var known []string
	if fs, ok := st.(api.LeadFieldStore); ok {
		if known, err = fs.CustomFieldNames(ctx); err != nil {
			return nil, fmt.Errorf("check the ICP rules' custom fields: %w", err)
		}
	} else {
		seen := map[string]bool{}
		err = st.EachLead(ctx, paceline.LeadFilter{WithOptedOut: true}, func(l *paceline.Lead, _ time.Time) error {
			for k := range l.Custom {
				seen[k] = true
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("check the ICP rules' custom fields: %w", err)
		}
		known = slices.Sorted(maps.Keys(seen))
	}
	return r.CustomFieldWarnings(known), nil
}

// writeScoreSummary prints what leads score did.
func writeScoreSummary(w io.Writer, res scoreResult, f scoreFlags) {
	for _, d := range res.Adjustments {
		fmt.Fprintf(w, "%-36s %+7.2f -> %+7.2f  (%s, rate %.2f vs %.2f)\n", d.Rule, d.From, d.To, plural.Count(d.Leads, "lead"), d.Rate, d.BaseRate)
	}
	if f.learn && len(res.Adjustments) == 0 {
		fmt.Fprintln(w, "The outcomes moved no rule (too few leads per rule, or no difference).")
	}
	if f.out != "" {
		fmt.Fprintf(w, "Learned rules saved to %s.\n", f.out)
	}
	switch {
	case f.dryRun:
		fmt.Fprintf(w, "Dry run: nothing changed; %s stay in force and no lead was rescored.\n", res.Rules.InForce)
	case res.Rules.Changed:
		fmt.Fprintf(w, "Rescored %s: %s changed.\n", plural.Count(res.Leads, "lead"), plural.Count(res.Changed, "score"))
		back := "paceline leads score --icp default goes back to the built-in rules"
		if res.Rules.SetAt.IsZero() {
			back = "set your own with paceline leads score --icp FILE"
		}
		fmt.Fprintf(w, "%s are in force now: later imports (the dashboard's and the API's too) and rescoring use them; %s.\n",
			upperFirst(res.Rules.InForce), back)
	default:
		fmt.Fprintf(w, "Rescored %s with %s: %s changed.\n", plural.Count(res.Leads, "lead"), res.Rules.InForce, plural.Count(res.Changed, "score"))
	}
}

// upperFirst capitalises a sentence's first letter (ASCII: the rules' names start
// with "the").
func upperFirst(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// showRules prints the rules in force as YAML, headed by a comment that says where
// they came from, so the output saved to a file is an --icp file as it stands.
func (a *app) showRules(ctx context.Context, st icpStore, asJSON bool) error {
	stored, kept, err := st.ICPRules(ctx)
	if err != nil {
		return err
	}
	text := stored.YAML
	if !kept {
		text = string(score.DefaultYAML())
	}
	if asJSON {
		return writeJSON(a.stdout, struct {
			InForce string    `json:"in_force"`
			BuiltIn bool      `json:"built_in"`
			SetAt   time.Time `json:"set_at,omitzero"`
			YAML    string    `json:"yaml"`
		}{rulesName(stored, kept), !kept, stored.SetAt, text})
	}
	if kept {
		fmt.Fprintf(a.stdout, "# In force: %s, set %s. Back to the built-in rules: paceline leads score --icp default\n",
			rulesName(stored, kept), stored.SetAt.Format("2006-01-02 15:04 MST"))
	} else {
		fmt.Fprintln(a.stdout, "# In force: the built-in rules. Set your own: paceline leads score --icp FILE")
	}
	_, err = io.WriteString(a.stdout, text)
	return err
}

// learnRules re-weights rules from outcomes, those of the CSV file outcomes or else
// the ledger's.
func learnRules(ctx context.Context, st leadStore, rules *score.Rules, outcomes string) (*score.Rules, []score.Adjustment, error) {
	var obs []score.Outcome
	var err error
	if outcomes != "" {
		obs, err = readOutcomes(ctx, st, outcomes)
	} else {
		obs, err = ledgerOutcomes(ctx, st)
	}
	if err != nil {
		return nil, nil, err
	}
	return score.Learn(rules, obs, score.LearnOptions{})
}
