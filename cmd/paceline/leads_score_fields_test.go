package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// A custom rule that names its column as the file heads it (Notiz, kept as notiz)
// scores; one naming a column no stored lead has is put in force with a warning that
// says so, where it used to give no lead points without a word.
func TestLeadsScoreWarnsOfCustomRulesThatCannotFire(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		testCustomRulesThatCannotFire(t, dir, filepath.Join(dir, "p.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		testCustomRulesThatCannotFire(t, t.TempDir(), postgresSchema(t))
	})
}

func testCustomRulesThatCannotFire(t *testing.T, dir, db string) {
	icp := writeFile(t, dir, "icp.yaml", "base: 5\ncustom:\n  Notiz: {java: 8}\n  notes: {java: 8}\n  notiz: {kotlin: 1}\n  Notzi: {go: 2}\n")
	// Before any lead is stored there is nothing to check the names against.
	mustCLI(t, db, "migrate")
	code, _, errOut := cli(t, db, "leads", "score", "--icp", icp)
	if code != exitOK || strings.Contains(errOut, "Warning") {
		t.Fatalf("score --icp with no lead: exit %d\n%s", code, errOut)
	}
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", "E-Mail;Notiz\nann@x.de;\"Java; Kotlin\"\nbob@x.de;Go\n"))
	if got := leadScore(t, db, "ann@x.de"); got != 14 {
		t.Errorf("Ann, whose Notiz says Java and Kotlin, scores %d; want 14 (5 + 8 + 1)", got)
	}
	code, out, errOut := cli(t, db, "leads", "score", "--icp", icp)
	if code != exitOK {
		t.Fatalf("score --icp: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"Warning: ICP rules: custom.notes (line 4) gives no lead points: no stored lead has a custom field notes (the leads' custom fields: notiz)",
		"Warning: ICP rules: custom.notiz (line 5) reads the same column as custom.Notiz (notiz)",
		"Warning: ICP rules: custom.Notzi (line 6) gives no lead points: no stored lead has a custom field notzi (did you mean notiz?)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "in force now") {
		t.Errorf("the rules were not put in force:\n%s", out)
	}
	var res scoreResult
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "score", "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 3 || !strings.Contains(res.Warnings[0], "custom.notes") {
		t.Errorf("--json warnings %q; want custom.notes, custom.notiz and custom.Notzi", res.Warnings)
	}
}
