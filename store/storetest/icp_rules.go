package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// ICPRuleStore is a lead store that keeps the ICP rules in force, which RunICPRules
// exercises: once the user sets rules, every import and rescoring reads them back.
type ICPRuleStore interface {
	LeadStore
	ICPRules(ctx context.Context) (r score.Stored, ok bool, err error)
	SetICPRules(ctx context.Context, r score.Stored, scoreFunc func(*paceline.Lead)) (seen, changed int, err error)
}

// RunICPRules runs the ICP rules suite against the lead stores open returns (they
// must be ICPRuleStores), each test in parallel.
func RunICPRules(t *testing.T, open LeadOpenFunc) {
	tests := []struct {
		name string
		test func(t *testing.T, s ICPRuleStore)
	}{
		{"NoneSetMeansBuiltIn", testICPRulesNoneSet},
		{"SetKeepsTheTextAndRescores", testICPRulesSetKeepsTextAndRescores},
		{"SetReplacesAndEmptyForgets", testICPRulesReplaceAndForget},
		{"FailedSetChangesNothing", testICPRulesFailedSetChangesNothing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := open(t)
			s, ok := db.LeadStore.(ICPRuleStore)
			if !ok {
				t.Fatalf("%T does not keep ICP rules", db.LeadStore)
			}
			tt.test(t, s)
		})
	}
}

// icpCSV is two leads the rules below tell apart.
const icpCSV = "profileUrl,fullName,title,seniority\n" +
	"https://www.linkedin.com/in/ann-vp,Ann Vee,VP Sales,vp\n" +
	"https://www.linkedin.com/in/bo-intern,Bo Intern,Sales Intern,intern\n"

// icpYAML is a ruleset with a comment, which the store must keep as written.
const icpYAML = "# ours: vice presidents only\nbase: 5\nseniority:\n  vp: 30\n"

func mustParseRules(t *testing.T, yml string) *score.Rules {
	t.Helper()
	r, err := score.Parse([]byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantRules(t *testing.T, s ICPRuleStore, want score.Stored, wantOK bool) {
	t.Helper()
	got, ok, err := s.ICPRules(context.Background())
	if err != nil {
		t.Fatalf("ICPRules: %v", err)
	}
	if ok != wantOK {
		t.Fatalf("ICPRules ok = %v, want %v (got %+v)", ok, wantOK, got)
	}
	if !wantOK {
		return
	}
	wantUTC(t, "set_at", got.SetAt)
	if got.YAML != want.YAML || got.Source != want.Source || !at(got.SetAt).Equal(at(Clock)) {
		t.Errorf("ICPRules = %+v,\nwant %+v at %v", got, want, Clock)
	}
}

func testICPRulesNoneSet(t *testing.T, s ICPRuleStore) {
	wantRules(t, s, score.Stored{}, false)
}

func testICPRulesSetKeepsTextAndRescores(t *testing.T, s ICPRuleStore) {
	ctx := context.Background()
	mustImport(t, s, icpCSV, lead.ImportOptions{ScoreFunc: score.Default().Apply})
	ours := mustParseRules(t, icpYAML)
	seen, changed, err := s.SetICPRules(ctx, score.Stored{YAML: icpYAML, Source: "icp.yaml"}, ours.Apply)
	if err != nil || seen != 2 || changed != 2 {
		t.Fatalf("SetICPRules = %d seen, %d changed, %v; want 2, 2", seen, changed, err)
	}
	wantRules(t, s, score.Stored{YAML: icpYAML, Source: "icp.yaml"}, true)
	ann, bo := mustLeadByKey(t, s, "in", "ann-vp"), mustLeadByKey(t, s, "in", "bo-intern")
	if ann.Score != 35 || bo.Score != 5 {
		t.Errorf("scores after setting the rules: ann %d, bo %d; want 35 and 5 (base 5, vp 30)", ann.Score, bo.Score)
	}
	// Setting the same rules again moves no score.
	if _, changed, err := s.SetICPRules(ctx, score.Stored{YAML: icpYAML, Source: "icp.yaml"}, ours.Apply); err != nil || changed != 0 {
		t.Errorf("setting the same rules again changed %d scores (%v), want 0", changed, err)
	}
}

func testICPRulesReplaceAndForget(t *testing.T, s ICPRuleStore) {
	ctx := context.Background()
	mustImport(t, s, icpCSV, lead.ImportOptions{ScoreFunc: score.Default().Apply})
	builtIn := mustLeadByKey(t, s, "in", "ann-vp").Score
	if _, _, err := s.SetICPRules(ctx, score.Stored{YAML: icpYAML, Source: "icp.yaml"}, mustParseRules(t, icpYAML).Apply); err != nil {
		t.Fatal(err)
	}
	learned := "base: 7\nseniority:\n  vp: 40\n"
	if _, _, err := s.SetICPRules(ctx, score.Stored{YAML: learned, Source: "learned"}, mustParseRules(t, learned).Apply); err != nil {
		t.Fatal(err)
	}
	wantRules(t, s, score.Stored{YAML: learned, Source: "learned"}, true)
	if got := mustLeadByKey(t, s, "in", "ann-vp").Score; got != 47 {
		t.Errorf("ann after the learned rules: %d, want 47", got)
	}
	// Back to the built-in rules: nothing kept, the built-in scores again.
	if _, _, err := s.SetICPRules(ctx, score.Stored{}, score.Default().Apply); err != nil {
		t.Fatal(err)
	}
	wantRules(t, s, score.Stored{}, false)
	if got := mustLeadByKey(t, s, "in", "ann-vp").Score; got != builtIn {
		t.Errorf("ann back on the built-in rules: %d, want %d", got, builtIn)
	}
}

// A rescoring that fails (here, cancelled half-way) leaves the rules in force and
// the scores as they were: kept rules never disagree with the stored scores.
func testICPRulesFailedSetChangesNothing(t *testing.T, s ICPRuleStore) {
	mustImport(t, s, icpCSV, lead.ImportOptions{ScoreFunc: score.Default().Apply})
	if _, _, err := s.SetICPRules(context.Background(), score.Stored{YAML: icpYAML, Source: "icp.yaml"}, mustParseRules(t, icpYAML).Apply); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	other := mustParseRules(t, "base: 90\n")
	_, _, err := s.SetICPRules(ctx, score.Stored{YAML: "base: 90\n", Source: "other.yaml"}, func(l *paceline.Lead) {
		other.Apply(l)
		cancel()
	})
	if err == nil {
		t.Fatal("SetICPRules with its context cancelled mid-way succeeded")
	}
	wantRules(t, s, score.Stored{YAML: icpYAML, Source: "icp.yaml"}, true)
	if got := mustLeadByKey(t, s, "in", "ann-vp").Score; got != 35 {
		t.Errorf("ann after a failed set: %d, want 35 as before", got)
	}
}
