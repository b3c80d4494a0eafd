package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/score"
	"github.com/spf13/cobra"
)

func (a *app) leadsScoreCmd() *cobra.Command {
	var icp, outcomes, out string
	var learn, asJSON, printDefault bool
	cmd := &cobra.Command{
		Use:   "score",
		Short: "Rescore every lead, optionally learning the weights from outcomes",
		Long: `Score recomputes every lead's 0-100 score and explanation with the ICP rules (--icp,
else the built-in rules).

With --learn, the rules are first re-weighted from outcomes: which leads accepted an
invite and which replied (see score.Learn: a smoothed log-odds lift per rule). The
outcomes come from the ledger of this database: every imported lead that was sent an
invite, a message, an InMail or an email, and whether it accepted or replied. Outcomes
from elsewhere (another tool, a CRM) can be given instead as a CSV file with
--outcomes, with the header key,accepted,replied (in any order; comma, semicolon
or tab, as a spreadsheet saves it): key is a lead's id, URL, email or
key (in:john-doe), the others true/false (also yes/no, 1/0). --out saves the learned
rules as YAML, to pass with --icp to later imports and rescores.

--print-default prints the built-in rules as YAML and touches no lead: the starting
point for an --icp file of your own.`,
		Example: `  paceline leads score --icp icp.yaml
  paceline leads score --learn --icp icp.yaml --out icp-learned.yaml
  paceline leads score --learn --outcomes outcomes.csv --icp icp.yaml
  paceline leads score --print-default > icp.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if printDefault {
				if learn || asJSON || icp != "" || outcomes != "" || out != "" {
					return paceline.FieldErrorf("print-default", "prints the built-in rules and scores nothing: give it alone")
				}
				_, err := a.stdout.Write(score.DefaultYAML())
				return err
			}
			if !learn && (outcomes != "" || out != "") {
				return paceline.FieldErrorf("learn", "--outcomes and --out go with --learn")
			}
			rules, err := loadRules(icp)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withLeadStore(ctx, func(st appStore) error {
				var adj []score.Adjustment
				if learn {
					var err error
					if rules, adj, err = learnRules(ctx, st, rules, outcomes, out); err != nil {
						return err
					}
				}
				seen, changed, err := st.RescoreLeads(ctx, rules.Apply)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, map[string]any{"leads": seen, "changed": changed, "adjustments": jsonArray(adj)})
				}
				for _, d := range adj {
					fmt.Fprintf(a.stdout, "%-36s %+7.2f -> %+7.2f  (%s, rate %.2f vs %.2f)\n", d.Rule, d.From, d.To, plural.Count(d.Leads, "lead"), d.Rate, d.BaseRate)
				}
				if learn && len(adj) == 0 {
					fmt.Fprintln(a.stdout, "The outcomes moved no rule (too few leads per rule, or no difference).")
				}
				fmt.Fprintf(a.stdout, "Rescored %s: %s changed.\n", plural.Count(seen, "lead"), plural.Count(changed, "score"))
				if out != "" {
					fmt.Fprintf(a.stdout, "Learned rules saved to %s; pass --icp %s to later imports.\n", out, out)
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&icp, "icp", "", "ICP rules YAML `file` (default: the built-in rules)")
	fl.BoolVar(&learn, "learn", false, "re-weight the rules from outcomes (the ledger's, or --outcomes) before scoring")
	fl.StringVar(&outcomes, "outcomes", "", "CSV `file` of outcomes key,accepted,replied, instead of the ledger's")
	fl.StringVar(&out, "out", "", "save the learned rules to this YAML `file`")
	fl.BoolVar(&asJSON, "json", false, "print the result as JSON")
	fl.BoolVar(&printDefault, "print-default", false, "print the built-in rules as YAML, to start an --icp file from, and score nothing")
	return cmd
}

// learnRules re-weights rules from outcomes, those of the CSV file outcomes or else
// the ledger's, and saves the learned rules to the file out when it is set.
func learnRules(ctx context.Context, st leadStore, rules *score.Rules, outcomes, out string) (*score.Rules, []score.Adjustment, error) {
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
	learned, adj, err := score.Learn(rules, obs, score.LearnOptions{})
	if err != nil {
		return nil, nil, err
	}
	if out != "" {
		yml, err := learned.Marshal()
		if err != nil {
			return nil, nil, fmt.Errorf("encode learned rules: %w", err)
		}
		if err := writeFileAtomic(out, func(w io.Writer) error { _, err := w.Write(yml); return err }); err != nil {
			return nil, nil, err
		}
	}
	return learned, adj, nil
}

// ledgerOutcomes reads the outcomes of the leads this database's campaigns reached.
// With none, learning has nothing to go on, which the user is told rather than
// getting the rules back unchanged.
func ledgerOutcomes(ctx context.Context, st leadStore) ([]score.Outcome, error) {
	found, unknown, err := st.LedgerOutcomes(ctx)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		why := "no imported lead has been sent an invite, a message or an email yet"
		if unknown > 0 {
			why = fmt.Sprintf("the %s it reached %s not among the imported leads", plural.Count(unknown, "lead"), plural.Verb(unknown, "is", "are"))
		}
		return nil, paceline.FieldErrorf("learn", "the ledger has no outcomes to learn from: %s; run a campaign first, or give outcomes from elsewhere with --outcomes FILE", why)
	}
	for i := range found {
		// A reply needs a connection or an answer to an InMail or email: a lead who
		// replied counts as having accepted, as in the CSV.
		found[i].Accepted = found[i].Accepted || found[i].Replied
	}
	return found, nil
}

// readOutcomes reads a key,accepted,replied CSV and finds each lead. Any line that
// does not parse or names no lead is an error naming the line: learning from a file
// half read would skew the weights silently.
func readOutcomes(ctx context.Context, st leadStore, path string) ([]score.Outcome, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, paceline.FieldErrorf("outcomes", "cannot read %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, paceline.FieldErrorf("outcomes", "%s is a directory; give the CSV file of outcomes (key,accepted,replied)", path)
	}
	r, cols, err := outcomesReader(f)
	if err != nil {
		return nil, paceline.FieldErrorf("outcomes", "%s: %s", path, paceline.ErrorMessage(err))
	}
	var obs []score.Outcome
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, paceline.FieldErrorf("outcomes", "%s: %v", path, err)
		}
		ref, err := parseLeadRef(rec[cols[0]])
		if err != nil {
			return nil, paceline.FieldErrorf("outcomes", "%s line %d: %s", path, line, paceline.ErrorMessage(err))
		}
		accepted, ok1 := parseYes(rec[cols[1]])
		replied, ok2 := parseYes(rec[cols[2]])
		if !ok1 || !ok2 {
			return nil, paceline.FieldErrorf("outcomes", "%s line %d: accepted and replied must be true or false", path, line)
		}
		id, err := ref.find(ctx, st)
		if err != nil {
			return nil, paceline.FieldErrorf("outcomes", "%s line %d: %s", path, line, paceline.ErrorMessage(err))
		}
		l, err := st.Lead(ctx, id)
		if err != nil {
			return nil, err
		}
		obs = append(obs, score.Outcome{Lead: l, Accepted: accepted || replied, Replied: replied})
	}
	return obs, nil
}

// outcomesReader reads the header of an outcomes file as a spreadsheet saves it: a
// UTF-8 byte order mark (Excel's "CSV UTF-8") is skipped, the delimiter is the comma,
// semicolon or tab the header uses (Excel writes semicolons in many locales) and the
// columns key, accepted and replied may come in any order. It returns the reader
// positioned on the first row and the positions of the three columns. Such files were
// refused as not starting with the header they started with.
func outcomesReader(f io.Reader) (*csv.Reader, [3]int, error) {
	const want = "the first line must be the header key,accepted,replied"
	var cols [3]int
	br := bufio.NewReader(f)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	first, err := br.Peek(4096)
	if len(first) == 0 {
		if err != nil && err != io.EOF {
			return nil, cols, fmt.Errorf("read outcomes: %w", err)
		}
		return nil, cols, paceline.Errorf(paceline.EINVALID, "the file is empty; %s", want)
	}
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	r := csv.NewReader(br)
	r.Comma = ','
	for _, d := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(d))) > bytes.Count(first, []byte(string(r.Comma))) {
			r.Comma = d
		}
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, cols, paceline.Errorf(paceline.EINVALID, "%s (the file is not CSV text: %v)", want, err)
	}
	seen := map[string]int{}
	for i, h := range header {
		seen[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for i, name := range []string{"key", "accepted", "replied"} {
		c, ok := seen[name]
		if !ok || len(header) != 3 {
			return nil, cols, paceline.Errorf(paceline.EINVALID, "%s, not %q", want, strings.Join(header, string(r.Comma)))
		}
		cols[i] = c
	}
	r.FieldsPerRecord = 3
	return r, cols, nil
}

func parseYes(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1":
		return true, true
	case "false", "no", "n", "0", "":
		return false, true
	}
	return false, false
}
