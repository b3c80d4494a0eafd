package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/enrich"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// icpSavedYAML are the rules saved while a command scores: they give Ann Lee, the VP
// of icpTestCSV and enrichCSV, 61 where icpTestYAML, in force before, gives her 35.
const icpSavedYAML = "base: 1\nseniority:\n  vp: 60\n"

// savesRulesFirst is a database where a save of new ICP rules (icpSavedYAML, as
// leads score --icp saves them) commits just before the first transaction that writes
// scores begins: after the command read the rules in force, before its own
// transaction, as a save that ran between the two would.
type savesRulesFirst struct {
	appStore
	t     *testing.T
	saved bool
}

func (s *savesRulesFirst) save(ctx context.Context) {
	if s.saved {
		return
	}
	s.saved = true
	r, err := score.Parse([]byte(icpSavedYAML))
	if err != nil {
		s.t.Fatal(err)
	}
	if _, _, err := s.appStore.SetICPRules(ctx, score.Stored{YAML: icpSavedYAML, Source: "saved.yaml"}, r.Apply); err != nil {
		s.t.Fatalf("save the rules: %v", err)
	}
}

func (s *savesRulesFirst) ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error {
	s.save(ctx)
	return s.appStore.ImportLeads(ctx, fn)
}

func (s *savesRulesFirst) RescoreLeads(ctx context.Context, scoreFunc func(*paceline.Lead)) (int, int, error) {
	s.save(ctx)
	return s.appStore.RescoreLeads(ctx, scoreFunc)
}

func (s *savesRulesFirst) RescoreLeadsInForce(ctx context.Context, rulesFor func(score.Stored, bool) (func(*paceline.Lead), error)) (int, int, error) {
	s.save(ctx)
	return s.appStore.RescoreLeadsInForce(ctx, rulesFor)
}

func (s *savesRulesFirst) UpdateLeadFields(ctx context.Context, leads []*paceline.Lead, rescore func(*paceline.Lead)) (int, error) {
	s.save(ctx)
	return s.appStore.UpdateLeadFields(ctx, leads, rescore)
}

func (s *savesRulesFirst) UpdateLeadFieldsInForce(ctx context.Context, leads []*paceline.Lead, rulesFor func(score.Stored, bool) (func(*paceline.Lead), error)) (int, error) {
	s.save(ctx)
	return s.appStore.UpdateLeadFieldsInForce(ctx, leads, rulesFor)
}

// rulesRaceFixture imports csv into db with icpTestYAML in force, and returns the
// database, its rules saved by the first write of scores.
func rulesRaceFixture(t *testing.T, db, csv string) *savesRulesFirst {
	t.Helper()
	dir := t.TempDir()
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", csv))
	mustCLI(t, db, "leads", "score", "--icp", writeFile(t, dir, "icp.yaml", icpTestYAML))
	if strings.Contains(csv, "ann-lee") {
		if got := leadScore(t, db, "in:ann-lee"); got != 35 {
			t.Fatalf("Ann scores %d under icpTestYAML, want 35", got)
		}
	}
	return &savesRulesFirst{appStore: openTestStore(t, db), t: t}
}

// wantScoredBySaved checks that the rules saved are in force and Ann scored by them.
func wantScoredBySaved(t *testing.T, st *savesRulesFirst, db string, rep *rulesReport) {
	t.Helper()
	if !st.saved {
		t.Fatal("no write of scores began: the rules were never saved")
	}
	if kept, ok, err := st.ICPRules(t.Context()); err != nil || !ok || kept.YAML != icpSavedYAML {
		t.Fatalf("rules in force: %+v, %v, %v; want those saved", kept, ok, err)
	}
	if got := leadScore(t, db, "in:ann-lee"); got != 61 {
		t.Errorf("Ann scores %d, want 61 from the rules in force (35 is the rules' before the save)", got)
	}
	if rep == nil || rep.InForce != "the rules of saved.yaml" {
		t.Errorf("the command says it scored with %+v, want the rules of saved.yaml", rep)
	}
}

// An import read the ICP rules in force before its transaction began: rules saved
// between the two (leads score --icp) were in force once it committed, and its leads
// kept the old rules' scores under them. It reads them inside the transaction.
func TestImportScoresWithRulesSavedBeforeItsTransaction(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		st := rulesRaceFixture(t, db, "profileUrl,fullName,title\nhttps://www.linkedin.com/in/zed-zee,Zed Zee,Engineer\n")
		rd, err := lead.NewReader(strings.NewReader(icpTestCSV), lead.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rep, rules, err := importInto(t.Context(), st, rd, "", nil)
		if err != nil || rep.Imported != 2 {
			t.Fatalf("import: %+v, %v", rep, err)
		}
		wantScoredBySaved(t, st, db, rules)
	})
}

// A plain leads score read the rules in force before its rescore began: rules saved
// between the two rescored every lead, then the rescore put back the old rules'
// scores under them. It reads them inside the rescore's transaction.
func TestRescoreScoresWithRulesSavedBeforeItsTransaction(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		st := rulesRaceFixture(t, db, icpTestCSV)
		var out strings.Builder
		a := &app{stdout: &out, stderr: io.Discard, dbPath: db}
		if err := a.scoreLeads(t.Context(), st, nil, scoreFlags{}); err != nil {
			t.Fatalf("leads score: %v", err)
		}
		wantScoredBySaved(t, st, db, &rulesReport{InForce: "the rules of saved.yaml"})
		if !strings.Contains(out.String(), "with the rules of saved.yaml") {
			t.Errorf("leads score says:\n%s\nwant it scored with the rules of saved.yaml", out.String())
		}
	})
}

// leads enrich read the rules in force before it wrote the enriched leads: rules
// saved between the two left the enriched leads with the old rules' scores under
// them. They are read inside the transaction that writes the leads.
func TestEnrichScoresWithRulesSavedBeforeItsTransaction(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, db string) {
		st := rulesRaceFixture(t, db, enrichCSV)
		sum, err := enrichScored(t.Context(), st, "", &enrich.Enricher{}, nil, true, false)
		if err != nil || sum.Enriched == 0 {
			t.Fatalf("enrich: %+v, %v", sum, err)
		}
		wantScoredBySaved(t, st, db, sum.Rules)
	})
}
