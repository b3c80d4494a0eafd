package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/sqlite"
)

// quantumYAML has a rule the built-in rules lack (a title keyword), so only a reader
// of the rules in force can say its sentence.
const quantumYAML = "base: 5\ntitle_keywords:\n  quantum: 40\n"

// quantumCSV holds Ann, whose title the rule above rewards.
const quantumCSV = "profileUrl,fullName,title\n" +
	"https://www.linkedin.com/in/ann-lee,Ann Lee,Quantum Engineer\n"

// quantumWhy is the sentence of the rule only quantumYAML has.
const quantumWhy = `title mentions "quantum"`

// whyOf returns the sentence of rule in an explanation, and whether the rule is there.
func whyOf(expl []paceline.ScoreContribution, rule string) (string, bool) {
	for _, c := range expl {
		if c.Rule == rule {
			return c.Why, true
		}
	}
	return "", false
}

// leads show, list and export say the explanation's sentences from the rules in force
// (they said them from the built-in rules, so a rule only the user's file has showed
// an empty why); show --icp FILE still says them from FILE.
func TestLeadsReadersExplainWithTheRulesInForce(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		testReadersExplain(t, dir, filepath.Join(dir, "p.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		testReadersExplain(t, t.TempDir(), postgresSchema(t))
	})
}

func testReadersExplain(t *testing.T, dir, db string) {
	icp := writeFile(t, dir, "icp.yaml", quantumYAML)
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", quantumCSV), "--icp", icp)
	const rule = "title_keywords:quantum"
	check := func(where string, expl []paceline.ScoreContribution, want string) {
		t.Helper()
		why, ok := whyOf(expl, rule)
		if !ok {
			t.Fatalf("%s: no %s line in %+v", where, rule, expl)
		}
		if why != want {
			t.Errorf("%s: %s says %q, want %q", where, rule, why, want)
		}
	}

	show := leadJSON(t, db, "in:ann-lee")
	if show.Score != 45 {
		t.Fatalf("Ann scores %d, want 45 from %s", show.Score, icp)
	}
	check("leads show --json", show.Explanation, quantumWhy)
	if out := mustCLI(t, db, "leads", "show", "in:ann-lee"); !strings.Contains(out, quantumWhy) {
		t.Errorf("leads show does not say %s:\n%s", quantumWhy, out)
	}

	var list []leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "list", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("leads list --json: %v, %d leads", err, len(list))
	}
	check("leads list --json", list[0].Explanation, quantumWhy)

	var export []leadView
	if err := unmarshalExport(mustCLI(t, db, "leads", "export", "--format", "json"), &export); err != nil || len(export) != 1 {
		t.Fatalf("leads export --format json: %v, %d leads", err, len(export))
	}
	check("leads export --format json", export[0].Explanation, quantumWhy)

	// --icp still says the sentences of the rules it names: the built-in rules have
	// none for this line.
	var builtIn leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", "in:ann-lee", "--json", "--icp", "default")), &builtIn); err != nil {
		t.Fatal(err)
	}
	check("leads show --icp default", builtIn.Explanation, "")
}

// leads enrich rescores the leads it fills with the rules in force (it used the
// built-in rules unless given --icp, so enriching moved every score the user's rules
// had set), and --icp FILE puts FILE's rules in force for every lead, not only the
// enriched ones.
func TestLeadsEnrichScoresWithTheRulesInForce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	// Ann (VP Sales, a website) and Bob (an engineer with a work email) are enriched
	// locally; Cy Dee has nothing to enrich.
	ours := writeFile(t, dir, "icp.yaml", "base: 5\nseniority:\n  vp: 30\ntitle_keywords:\n  sales: 7\n")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", enrichCSV), "--icp", ours)
	if got := leadScore(t, db, "in:ann-lee"); got != 42 {
		t.Fatalf("Ann scores %d after the import, want 42", got)
	}
	if r := enrichRun(t, db); r.Enriched == 0 {
		t.Fatalf("enrich filled nothing: %+v", r)
	}
	ann := leadJSON(t, db, "in:ann-lee")
	if ann.Score != 42 {
		t.Errorf("after enrich, Ann scores %d, want 42 from the rules in force", ann.Score)
	}
	if why, _ := whyOf(ann.Explanation, "title_keywords:sales"); why != `title mentions "sales"` {
		t.Errorf("after enrich, Ann's explanation %+v lacks the rules in force's title line", ann.Explanation)
	}
	if out := mustCLI(t, db, "leads", "enrich"); !strings.Contains(out, "scored with the rules of "+ours) {
		t.Errorf("leads enrich does not say which rules scored:\n%s", out)
	}

	other := writeFile(t, dir, "other.yaml", "base: 11\n")
	out := mustCLI(t, db, "leads", "enrich", "--icp", other)
	if !strings.Contains(out, "the rules of "+other+" are in force now") {
		t.Errorf("leads enrich --icp does not say the rules are in force:\n%s", out)
	}
	for _, key := range []string{"in:ann-lee", "in:cy-dee"} {
		if got := leadScore(t, db, key); got != 11 {
			t.Errorf("after enrich --icp, %s scores %d, want 11 from %s", key, got, other)
		}
	}
	if shown := mustCLI(t, db, "leads", "score", "--show-rules"); !strings.HasPrefix(shown, "# In force: the rules of "+other) {
		t.Errorf("--show-rules after enrich --icp:\n%s", shown)
	}
	if code, _, errOut := cli(t, db, "leads", "enrich", "--icp", writeFile(t, dir, "bad.yaml", "seniority:\n  boss: 3\n")); code != exitFailed || !strings.Contains(errOut, "not a seniority") {
		t.Errorf("enrich --icp with a bad file: exit %d, %q", code, errOut)
	}
}

// Kept rules that no longer parse stop imports (TestLeadsICPRulesThatNoLongerParse)
// but not the readers: show and export say the sentences from the built-in rules and
// warn with what to do.
func TestLeadsReadersUnderRulesThatNoLongerParse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", icpTestCSV))
	st := openTestStore(t, db)
	if _, _, err := st.SetICPRules(context.Background(), score.Stored{YAML: "seniority:\n  boss: 3\n", Source: "old.yaml"}, func(*paceline.Lead) {}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, args := range [][]string{{"leads", "show", "in:ann-lee", "--json"}, {"leads", "export", "--format", "json"}, {"leads", "list", "--json"}} {
		code, out, errOut := cli(t, db, args...)
		if code != exitOK || !strings.Contains(out, `"seniority is vp"`) {
			t.Errorf("%s: exit %d, stdout %q", strings.Join(args, " "), code, out)
		}
		if !strings.Contains(errOut, "(old.yaml) no longer parse") || !strings.Contains(errOut, "--icp default") {
			t.Errorf("%s: the warning %q does not say what to do", strings.Join(args, " "), errOut)
		}
	}
}

// The demo scores the leads it seeds with the rules the database keeps in force (it
// used the built-in rules), so its dashboard explains them as it scored them.
func TestDemoSeedsWithTheRulesInForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := st.SetICPRules(ctx, score.Stored{YAML: "base: 77\n", Source: "icp.yaml"}, func(*paceline.Lead) {}); err != nil {
		t.Fatal(err)
	}
	if _, err := seedDemo(ctx, st, demoFlags{leads: 5, seed: 1}); err != nil {
		t.Fatal(err)
	}
	err = st.EachLead(ctx, paceline.LeadFilter{}, func(l *paceline.Lead, _ time.Time) error {
		if l.Score != 77 || len(l.Explanation) != 1 {
			t.Errorf("demo lead %s scores %d with %+v, want 77 from base alone", l.Name(), l.Score, l.Explanation)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
