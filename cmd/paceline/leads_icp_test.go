package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
)

// icpTestCSV holds a VP the rules below give 35 points (base 5, vp 30) and the
// built-in rules a different score.
const icpTestCSV = "profileUrl,fullName,title\n" +
	"https://www.linkedin.com/in/ann-lee,Ann Lee,VP Sales\n" +
	"https://www.linkedin.com/in/bob-roy,Bob Roy,Engineer\n"

const icpTestYAML = "# ours\nbase: 5\nseniority:\n  vp: 30\n"

// leadScore returns the stored score of the lead with the given key.
func leadScore(t *testing.T, db, key string) int {
	t.Helper()
	var l struct {
		Score int `json:"score"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", key, "--json")), &l); err != nil {
		t.Fatal(err)
	}
	return l.Score
}

// The ICP rules set with leads score --icp stay in force: a re-import without --icp
// scores with them (it rescored with the built-in rules, moving Ann from 35 to another
// score and counting an identical file as an update), a plain rescore keeps them,
// --show-rules prints them, and --icp default goes back to the built-in rules.
func TestLeadsICPRulesStayInForce(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		testICPRulesStayInForce(t, dir, filepath.Join(dir, "p.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		testICPRulesStayInForce(t, t.TempDir(), postgresSchema(t))
	})
}

func testICPRulesStayInForce(t *testing.T, dir, db string) {
	leads := writeFile(t, dir, "l.csv", icpTestCSV)
	icp := writeFile(t, dir, "icp.yaml", icpTestYAML)
	importLeadsJSON(t, db, leads)
	builtIn := leadScore(t, db, "in:ann-lee")
	if builtIn == 35 {
		t.Fatal("the built-in rules give Ann 35 too: the test cannot tell the rules apart")
	}
	out := mustCLI(t, db, "leads", "score", "--icp", icp)
	if !strings.Contains(out, "The rules of "+icp+" are in force now") {
		t.Errorf("score --icp does not say the rules are in force:\n%s", out)
	}
	if got := leadScore(t, db, "in:ann-lee"); got != 35 {
		t.Fatalf("after score --icp, Ann scores %d, want 35", got)
	}

	if r := importLeadsJSON(t, db, leads); r.Updated != 0 {
		t.Errorf("an identical re-import without --icp updated %d stored leads, want 0", r.Updated)
	}
	if got := leadScore(t, db, "in:ann-lee"); got != 35 {
		t.Errorf("after a re-import without --icp, Ann scores %d, want 35 (the rules in force)", got)
	}
	mustCLI(t, db, "leads", "score")
	if got := leadScore(t, db, "in:ann-lee"); got != 35 {
		t.Errorf("after a plain rescore, Ann scores %d, want 35", got)
	}
	shown := mustCLI(t, db, "leads", "score", "--show-rules")
	if !strings.HasPrefix(shown, "# In force: the rules of "+icp) || !strings.HasSuffix(shown, icpTestYAML) {
		t.Errorf("--show-rules:\n%s", shown)
	}
	if _, err := score.Parse([]byte(shown)); err != nil {
		t.Errorf("--show-rules printed YAML that does not parse back: %v", err)
	}

	mustCLI(t, db, "leads", "score", "--icp", "default")
	if out := mustCLI(t, db, "leads", "import", leads, "--icp", "default"); !strings.Contains(out, "  scored with the built-in rules\n") {
		t.Errorf("import --icp default under the built-in rules:\n%s", out)
	}
	if got := leadScore(t, db, "in:ann-lee"); got != builtIn {
		t.Errorf("after --icp default, Ann scores %d, want the built-in %d", got, builtIn)
	}
	if shown := mustCLI(t, db, "leads", "score", "--show-rules"); !strings.Contains(shown, "# In force: the built-in rules") {
		t.Errorf("--show-rules after --icp default:\n%s", shown)
	}
}

// leads import --icp puts the rules in force too, and rescores the leads the file
// did not hold, so that the list is scored by one set of rules.
func TestLeadsImportICPPutsRulesInForce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", icpTestCSV))
	other := writeFile(t, dir, "other.csv", "profileUrl,fullName,title\nhttps://www.linkedin.com/in/cy-dee,Cy Dee,VP Marketing\n")
	out := mustCLI(t, db, "leads", "import", other, "--icp", writeFile(t, dir, "icp.yaml", icpTestYAML))
	if !strings.Contains(out, "are in force now, for later imports and rescoring too: 3 stored leads rescored") {
		t.Errorf("import --icp:\n%s", out)
	}
	for _, key := range []string{"in:cy-dee", "in:ann-lee"} {
		if got := leadScore(t, db, key); got != 35 {
			t.Errorf("%s scores %d after import --icp, want 35", key, got)
		}
	}
	// A later import without --icp says which rules scored it.
	var res struct {
		Rules struct {
			InForce string `json:"in_force"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "import", other, "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(res.Rules.InForce, "icp.yaml") {
		t.Errorf("import --json rules: %+v", res.Rules)
	}
	// A file that is no ruleset changes nothing.
	bad := writeFile(t, dir, "bad.yaml", "seniority:\n  boss: 3\n")
	if code, _, errOut := cli(t, db, "leads", "import", other, "--icp", bad); code != exitFailed || !strings.Contains(errOut, "not a seniority") {
		t.Errorf("import --icp with a bad file: exit %d, %q", code, errOut)
	}
	if got := leadScore(t, db, "in:ann-lee"); got != 35 {
		t.Errorf("a refused --icp moved Ann to %d", got)
	}
}

// learnCSVs returns 60 leads, half CEOs (who answer) and half engineers (who do
// not), and their outcomes; each lead has an email too.
func learnCSVs() (leads, outcomes string) {
	var l, o strings.Builder
	l.WriteString("profileUrl,title,email\n")
	o.WriteString("key,accepted,replied\n")
	for i := range 60 {
		fmt.Fprintf(&l, "https://www.linkedin.com/in/p-%d,%s,p%d@acme.io\n", i, []string{"CEO", "Software Engineer"}[i%2], i)
		fmt.Fprintf(&o, "in:p-%d,%v,%v\n", i, i%2 == 0, i%2 == 0)
	}
	return l.String(), o.String()
}

// score --learn puts the learned rules in force (they were applied once, then lost);
// --dry-run prints the adjustments and changes nothing.
func TestLeadsScoreLearnKeepsTheLearnedRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	leads, outcomes := learnCSVs()
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", leads))
	o := writeFile(t, dir, "o.csv", outcomes)
	before := leadScore(t, db, "in:p-0")

	out := mustCLI(t, db, "leads", "score", "--learn", "--outcomes", o, "--dry-run")
	if !strings.Contains(out, "seniority:c-level") || !strings.Contains(out, "Dry run: nothing changed") {
		t.Errorf("--learn --dry-run:\n%s", out)
	}
	if got := leadScore(t, db, "in:p-0"); got != before {
		t.Errorf("--dry-run rescored a CEO from %d to %d", before, got)
	}
	if shown := mustCLI(t, db, "leads", "score", "--show-rules"); !strings.Contains(shown, "the built-in rules") {
		t.Errorf("--dry-run put rules in force:\n%s", shown)
	}

	mustCLI(t, db, "leads", "score", "--learn", "--outcomes", o)
	learned := leadScore(t, db, "in:p-0")
	if learned <= before {
		t.Fatalf("learning that CEOs answer moved a CEO from %d to %d", before, learned)
	}
	shown := mustCLI(t, db, "leads", "score", "--show-rules")
	if !strings.Contains(shown, "# In force: the rules learned from "+o) {
		t.Errorf("--show-rules after --learn:\n%s", shown)
	}
	// A later import and a plain rescore keep the learned weights.
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", leads))
	if got := leadScore(t, db, "in:p-0"); got != learned {
		t.Errorf("after a re-import, a CEO scores %d, want the learned %d", got, learned)
	}
	mustCLI(t, db, "leads", "score")
	if got := leadScore(t, db, "in:p-0"); got != learned {
		t.Errorf("after a rescore, a CEO scores %d, want the learned %d", got, learned)
	}
}

// --outcomes resolves rows to leads: a person listed by URL and by email counts once
// (they counted twice, so every rule seemed backed by twice the leads), and rows that
// give one lead two outcomes are refused with their line numbers.
func TestLeadsScoreOutcomesCountEachLeadOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	leads, outcomes := learnCSVs()
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", leads))
	var twice strings.Builder
	twice.WriteString("key,accepted,replied\n")
	for i := range 30 {
		yes := i%2 == 0
		fmt.Fprintf(&twice, "in:p-%d,%v,%v\np%d@acme.io,%v,%v\n", i, yes, yes, i, yes, yes)
	}
	out := mustCLI(t, db, "leads", "score", "--learn", "--dry-run", "--json", "--outcomes", writeFile(t, dir, "twice.csv", twice.String()))
	var res struct {
		Adjustments []score.Adjustment `json:"adjustments"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var ceo *score.Adjustment
	for i, a := range res.Adjustments {
		if a.Rule == "seniority:c-level" {
			ceo = &res.Adjustments[i]
		}
	}
	if ceo == nil || ceo.Leads != 15 {
		t.Errorf("seniority:c-level learned from %+v, want the 15 CEOs the file names", ceo)
	}

	conflict := outcomes + "p0@acme.io,no,no\n" // line 62: p-0 replied on line 2
	code, _, errOut := cli(t, db, "leads", "score", "--learn", "--outcomes", writeFile(t, dir, "conflict.csv", conflict))
	if code != exitFailed || !strings.Contains(errOut, "gives 1 lead different outcomes: lines 2 and 62 are both lead") {
		t.Errorf("conflicting outcomes: exit %d, %q", code, errOut)
	}
}

// Rules kept in the database that no longer parse stop an import with what to do,
// rather than scoring with other rules; --icp replaces them.
func TestLeadsICPRulesThatNoLongerParse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	leads := writeFile(t, dir, "l.csv", icpTestCSV)
	importLeadsJSON(t, db, leads)
	st := openTestStore(t, db)
	if _, _, err := icpStoreOf(st).SetICPRules(context.Background(), score.Stored{YAML: "seniority:\n  boss: 3\n", Source: "old.yaml"}, func(*paceline.Lead) {}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, _, errOut := cli(t, db, "leads", "import", leads)
	if code != exitFailed || !strings.Contains(errOut, "the ICP rules kept in the database (old.yaml) no longer parse") || !strings.Contains(errOut, "--icp default") {
		t.Errorf("import under rules that do not parse: exit %d, %q", code, errOut)
	}
	mustCLI(t, db, "leads", "score", "--icp", writeFile(t, dir, "icp.yaml", icpTestYAML))
	if got := leadScore(t, db, "in:ann-lee"); got != 35 {
		t.Errorf("after --icp replaced the broken rules, Ann scores %d, want 35", got)
	}
}
