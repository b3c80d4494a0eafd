package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// icpStore is a database that keeps the ICP rules in force once the user set them,
// so that every later import and rescoring scores with them.
type icpStore interface {
	ICPRules(ctx context.Context) (r score.Stored, ok bool, err error)
	SetICPRules(ctx context.Context, r score.Stored, scoreFunc func(*paceline.Lead)) (seen, changed int, err error)
	// RescoreLeadsInForce and UpdateLeadFieldsInForce score with the rules in force
	// as read inside the transaction that writes the scores, where a save of rules
	// that began first has committed or a later one waits: rulesFor (scoreInForce)
	// turns them into the scoring function. Rules read before that transaction
	// began could be a save's old ones, and the scores committed after it.
	RescoreLeadsInForce(ctx context.Context, rulesFor func(r score.Stored, kept bool) (func(*paceline.Lead), error)) (seen, changed int, err error)
	UpdateLeadFieldsInForce(ctx context.Context, leads []*paceline.Lead, rulesFor func(r score.Stored, kept bool) (func(*paceline.Lead), error)) (changed int, err error)
}

var (
	_ icpStore = (*sqlite.Store)(nil)
	_ icpStore = (*postgres.Store)(nil)
)

// icpStoreOf is the rules keeper of an open database; both stores are one (checked
// above), so the assertion cannot fail.
func icpStoreOf(st appStore) icpStore { return st.(icpStore) }

// icpBuiltIn is the --icp value that goes back to the built-in rules. A file of that
// name is given as ./default.
const icpBuiltIn = "default"

// icpFlag is an --icp flag read and checked before any database is opened: the rules
// it names and what the database is to keep of them (nothing for the built-in rules).
type icpFlag struct {
	rules *score.Rules
	keep  score.Stored
}

// name says which rules these are, for the user.
func (f *icpFlag) name() string { return rulesName(f.keep, f.keep.YAML != "") }

// readICP reads --icp: nil for "" (the rules in force apply), the built-in rules for
// "default", else the YAML file, which must parse.
func readICP(path string) (*icpFlag, error) {
	switch path {
	case "":
		return nil, nil
	case icpBuiltIn:
		return &icpFlag{rules: score.Default()}, nil
	}
	data, err := readFlagFile("icp", path)
	if err != nil {
		return nil, err
	}
	r, err := score.Parse(data)
	if err != nil {
		return nil, paceline.FieldErrorf("icp", "%s: %s", path, paceline.ErrorMessage(err))
	}
	return &icpFlag{rules: r, keep: score.Stored{YAML: string(data), Source: path}}, nil
}

// rulesInForce returns the rules the database keeps in force and what it keeps of
// them; kept is false, with the built-in rules, while the user set none.
func rulesInForce(ctx context.Context, st icpStore) (r *score.Rules, stored score.Stored, kept bool, err error) {
	stored, kept, err = st.ICPRules(ctx)
	if err != nil {
		return nil, stored, false, err
	}
	if r, err = rulesOf(stored, kept); err != nil {
		return nil, stored, false, err
	}
	return r, stored, kept, nil
}

// rulesOf parses the rules a database keeps in force: the built-in rules when it
// keeps none (kept false).
func rulesOf(stored score.Stored, kept bool) (*score.Rules, error) {
	if !kept {
		return score.Default(), nil
	}
	return stored.Rules()
}

// rulesRead is what a store read of the rules in force inside the transaction that
// scored with them; rules is nil until it read them.
type rulesRead struct {
	rules  *score.Rules
	stored score.Stored
	kept   bool
}

// report says which rules these are, for the user.
func (r *rulesRead) report() *rulesReport {
	return &rulesReport{InForce: rulesName(r.stored, r.kept), SetAt: r.stored.SetAt}
}

// scoreInForce is the rulesFor of the stores' InForce methods (icpStore): it parses
// the rules in force the store read inside its transaction and keeps them in *read,
// for the report.
func scoreInForce(read *rulesRead) func(stored score.Stored, kept bool) (func(*paceline.Lead), error) {
	return func(stored score.Stored, kept bool) (func(*paceline.Lead), error) {
		r, err := rulesOf(stored, kept)
		if err != nil {
			return nil, err
		}
		*read = rulesRead{rules: r, stored: stored, kept: kept}
		return r.Apply, nil
	}
}

// rulesName says which rules a database keeps, for the user.
func rulesName(s score.Stored, kept bool) string {
	switch {
	case !kept:
		return "the built-in rules"
	case strings.HasPrefix(s.Source, "learned "):
		return "the rules " + s.Source
	}
	return "the rules of " + s.Source
}

// rulesReport is what a command says of the ICP rules it scored with and, when it
// put new ones in force, of the rescoring that followed.
type rulesReport struct {
	InForce string    `json:"in_force"`         // "the rules of icp.yaml", "the built-in rules"
	SetAt   time.Time `json:"set_at,omitzero"`  // when they were put in force; zero for the built-in rules
	Changed bool      `json:"changed"`          // this command put them in force
	Leads   int       `json:"leads,omitempty"`  // leads rescored because they were
	Scores  int       `json:"scores,omitempty"` // of those, scores that moved
}

// putInForce keeps f's rules in force and rescores every lead with them, unless they
// are already the rules in force.
func putInForce(ctx context.Context, st icpStore, f *icpFlag) (*rulesReport, error) {
	stored, kept, err := st.ICPRules(ctx)
	if err != nil {
		return nil, err
	}
	if kept == (f.keep.YAML != "") && stored.YAML == f.keep.YAML {
		return &rulesReport{InForce: rulesName(stored, kept), SetAt: stored.SetAt}, nil
	}
	seen, changed, err := st.SetICPRules(ctx, f.keep, f.rules.Apply)
	if err != nil {
		return nil, fmt.Errorf("put %s in force: %w", f.name(), err)
	}
	rep := &rulesReport{InForce: f.name(), Changed: true, Leads: seen, Scores: changed}
	if f.keep.YAML != "" {
		if now, ok, err := st.ICPRules(ctx); err == nil && ok {
			rep.SetAt = now.SetAt
		}
	}
	return rep, nil
}

// writeRulesLine says which rules scored, and what putting them in force rescored.
func writeRulesLine(w io.Writer, r *rulesReport) {
	switch {
	case !r.Changed && r.SetAt.IsZero():
		fmt.Fprintf(w, "  scored with %s\n", r.InForce)
		return
	case !r.Changed:
		fmt.Fprintf(w, "  scored with %s, in force since %s\n", r.InForce, r.SetAt.Format("2006-01-02 15:04 MST"))
		return
	}
	fmt.Fprintf(w, "  %s are in force now, for later imports and rescoring too: %s rescored, %s changed\n",
		r.InForce, plural.Count(r.Leads, "stored lead"), plural.Count(r.Scores, "score"))
}
