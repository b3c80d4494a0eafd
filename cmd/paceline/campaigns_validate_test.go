package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// oneRoundSequence has a problem for each of create's checks: a sequence rule
// (stop_on), a note over a free account's limit, a step the account cannot carry out
// (an InMail) and a misspelt field. QA found them refused one round at a time.
const oneRoundSequence = `name: x
stop_on: [replied]
steps:
  - id: look
    visit: {}
  - id: connect
    invite:
      note: "Hi {{frist_name}}, I would love to connect with you about all the things that we share in common and that I have written in this very long note that goes on and on and on and on and on and on to get well over the two hundred characters a free account allows"
  - id: mail
    inmail:
      subject: hi
      body: "Hi {{first_name}}"
`

// campaigns create and campaigns validate report every problem of a parsed sequence at
// once, each with its line and step; validate stores nothing, create stores nothing
// while one is left; a valid sequence validates with exit 0.
func TestCampaignsCreateAndValidateReportEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	mustCLI(t, db, "leads", "import", "--list", "growth", writeFile(t, dir, "leads.csv",
		"profileUrl,fullName,title\nhttps://www.linkedin.com/in/ada-lovelace,Ada Lovelace,Founder\n"))
	bad := writeFile(t, dir, "bad.yaml", oneRoundSequence)
	want := []string{
		"has 4 problems",
		"line 2: stop_on must include opted_out",
		"line 8, step connect: the note has",
		`line 8, step connect: note: unknown field "frist_name" (did you mean first_name?)`,
		"line 9, step mail: no account of this campaign can carry out this inmail step",
		"paceline campaigns validate --sequence " + bad + " --accounts ann",
	}
	for _, args := range [][]string{
		{"campaigns", "create", "--name", "q1", "--accounts", "ann", "--sequence", bad},
		{"campaigns", "validate", "--accounts", "ann", "--sequence", bad},
	} {
		code, _, errOut := cli(t, db, args...)
		if code != exitFailed {
			t.Errorf("%s: exit %d, want 1", args[1], code)
		}
		for _, w := range want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", args[1], w, errOut)
			}
		}
	}
	// Without accounts, the checks that need none.
	code, _, errOut := cli(t, db, "campaigns", "validate", "--sequence", bad)
	if code != exitFailed || !strings.Contains(errOut, "has 2 problems") || strings.Contains(errOut, "inmail") {
		t.Errorf("validate without accounts: exit %d:\n%s", code, errOut)
	}
	// YAML that cannot be read stops the other checks, with no database needed.
	unreadable := writeFile(t, dir, "unreadable.yaml", "name: x\nsteps: [\n")
	if code, _, errOut := cli(t, dir+"/none.db", "campaigns", "validate", "--sequence", unreadable); code != exitFailed || !strings.Contains(errOut, "not valid YAML") {
		t.Errorf("unreadable YAML: exit %d:\n%s", code, errOut)
	}
	if out := mustCLI(t, db, "campaigns", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("a refused sequence left a campaign: %s", out)
	}

	good := writeFile(t, dir, "good.yaml", `name: growth
steps:
  - id: connect
    invite:
      note: "Hi {{first_name}}"
    wait_for: accepted
  - id: hello
    if: connected
    message:
      body: "Thanks {{first_name}}"
`)
	code, out, errOut := cli(t, db, "campaigns", "validate", "--sequence", good, "--accounts", "ann", "--list", "grwoth")
	if code != exitOK || !strings.Contains(out, "Sequence growth ("+good+") is valid for ann: 2 steps: connect (invite), hello (message).") ||
		!strings.Contains(errOut, `Warning: list "grwoth" has no lead yet`) {
		t.Errorf("validate a good sequence: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	var v struct {
		Valid  bool              `json:"valid"`
		Steps  []json.RawMessage `json:"steps"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "validate", "--sequence", good, "--json")), &v); err != nil || !v.Valid || len(v.Steps) != 2 || v.Errors == nil {
		t.Errorf("validate --json: %+v, %v", v, err)
	}
	code, out, _ = cli(t, db, "campaigns", "validate", "--sequence", bad, "--json")
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != exitFailed || v.Valid || len(v.Errors) != 2 {
		t.Errorf("validate --json of a bad sequence: exit %d, %+v, %v", code, v, err)
	}
	if out := mustCLI(t, db, "campaigns", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("validate stored a campaign: %s", out)
	}
}

// A draft campaign can be changed and deleted; one that started cannot, and says why
// and what to do instead.
func TestCampaignsEditAndDeleteDrafts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "premium-career")
	mustCLI(t, db, "leads", "import", "--list", "growth", writeFile(t, dir, "leads.csv",
		"profileUrl,fullName,title\nhttps://www.linkedin.com/in/ada-lovelace,Ada Lovelace,Founder\n"))
	// The typo only warns, and leaves a draft behind to fix.
	if code, _, errOut := cli(t, db, "campaigns", "create", "--name", "q1", "--accounts", "ann", "--list", "grwoth"); code != exitOK || !strings.Contains(errOut, `list "grwoth" has no lead`) {
		t.Errorf("no draft or no warning for the typo list: exit %d, %s", code, errOut)
	}
	if out := mustCLI(t, db, "campaigns", "edit", "q1", "--list", "growth", "--accounts", "ann,bob", "--priority", "2"); !strings.Contains(out, "Changed campaign q1 (draft): list growth, accounts ann, bob, priority 2") {
		t.Errorf("edit: %s", out)
	}
	bad := writeFile(t, dir, "bad.yaml", oneRoundSequence)
	if code, _, errOut := cli(t, db, "campaigns", "edit", "q1", "--sequence", bad); code != exitFailed || !strings.Contains(errOut, "has 3 problems") {
		t.Errorf("edit with a bad sequence (bob carries out the InMail): exit %d:\n%s", code, errOut)
	}
	var listed []campaignListing
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "list", "--json")), &listed); err != nil || len(listed) != 1 ||
		listed[0].List != "growth" || strings.Join(listed[0].Accounts, ",") != "ann,bob" || listed[0].Priority != 2 {
		t.Fatalf("after edits: %+v, %v", listed, err)
	}
	if code, _, _ := cli(t, db, "campaigns", "edit", "q1"); code != exitUsage {
		t.Errorf("edit with nothing to change: exit %d, want 2", code)
	}
	if out := mustCLI(t, db, "campaigns", "delete", "q1"); !strings.Contains(out, "Deleted draft campaign q1.") {
		t.Errorf("delete: %s", out)
	}
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--accounts", "ann", "--list", "growth")
	mustCLI(t, db, "campaigns", "start", "q1")
	for _, args := range [][]string{{"delete", "q1"}, {"edit", "q1", "--priority", "3"}} {
		code, _, errOut := cli(t, db, append([]string{"campaigns"}, args...)...)
		if code != exitFailed || !strings.Contains(errOut, "campaign q1 is active, not a draft") || !strings.Contains(errOut, "paceline campaigns pause q1") {
			t.Errorf("%s a started campaign: exit %d, %s", args[0], code, errOut)
		}
	}
	if code, _, errOut := cli(t, db, "campaigns", "delete", "nope"); code != exitFailed || !strings.Contains(errOut, `no campaign named "nope"`) {
		t.Errorf("delete a missing campaign: exit %d, %s", code, errOut)
	}
}
