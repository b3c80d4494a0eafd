package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// personalize preview walks the sequence as the engine would for the lead and the
// account: it rendered an email for a lead without an address, an InMail from a free
// account and a step whose if: does not hold for the lead. A misspelt field is refused
// with the name meant, exit 1: {{compnay}} was previewed with the advice to give it a
// default, and {{frist_name | default: "there"}} as "Hi there", exit 0.
func TestPersonalizePreviewWalksTheSequence(t *testing.T) {
	t.Parallel()
	onBothStores(t, testPersonalizePreviewWalksTheSequence)
}

func testPersonalizePreviewWalksTheSequence(t *testing.T, db string) {
	dir := t.TempDir()
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", "profileUrl,firstName,lastName,companyName,title,email\n"+
		"https://www.linkedin.com/in/raj-k/,Raj,Kumar,Acme,Engineer,\n"))
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	var lead struct {
		Score int `json:"score"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", "in:raj-k", "--json")), &lead); err != nil {
		t.Fatal(err)
	}
	if lead.Score >= 100 {
		t.Fatalf("Raj scores %d: the test needs a score that an if: can be above", lead.Score)
	}
	seq := writeFile(t, dir, "seq.yaml", "name: growth\nsteps:\n"+
		"  - id: connect\n    invite: {note: \"Hi {{first_name}}, glad to connect.\"}\n    wait_for: {event: accepted, timeout: 14d}\n"+
		"  - id: thanks\n    if: connected\n    message: {body: \"Thanks {{first_name}}!\"}\n"+
		"  - id: pitch\n    inmail: {subject: \"Hi\", body: \"Hello {{first_name}} at {{company}}\"}\n"+
		"  - id: vip\n    if: connected and score >= "+strconv.Itoa(lead.Score+1)+"\n    message: {body: \"VIP {{first_name}}\"}\n"+
		"  - id: mail\n    email: {subject: \"Hi {{first_name}}\", body: \"Hello {{first_name}}\"}\n")
	var got struct {
		Texts []previewText `json:"texts"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "personalize", "preview", "--lead", "in:raj-k", "--sequence", seq, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"connect": "",
		"thanks":  "",
		"pitch":   "ann (free) has no InMail credits",
		"vip":     "does not hold for this lead (score " + strconv.Itoa(lead.Score) + ")",
		"mail":    "the lead has no email address",
	}
	if len(got.Texts) != len(want) {
		t.Fatalf("texts: %+v", got.Texts)
	}
	for _, p := range got.Texts {
		w := want[p.Step]
		switch {
		case w == "" && (p.Skipped != "" || p.Note+p.Body == ""):
			t.Errorf("step %s is sent: %+v", p.Step, p)
		case w != "" && (!strings.Contains(p.Skipped, w) || p.Body != ""):
			t.Errorf("step %s: %+v, want skipped: %q", p.Step, p, w)
		}
	}
	table := mustCLI(t, db, "personalize", "preview", "--lead", "in:raj-k", "--sequence", seq)
	if !strings.Contains(table, "SKIPPED: the lead has no email address") || !strings.Contains(table, "sent only if the lead has accepted") {
		t.Errorf("the table:\n%s", table)
	}

	typo := writeFile(t, dir, "typo.yaml", "name: t\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{frist_name | default: 'there'}} at {{compnay}}.\"}\n")
	code, out, errOut := cli(t, db, "personalize", "preview", "--lead", "in:raj-k", "--sequence", typo)
	if code == exitOK || out != "" || !strings.Contains(errOut, `unknown field "compnay" (did you mean company?)`) ||
		!strings.Contains(errOut, `unknown field "frist_name" (did you mean first_name?)`) || strings.Contains(errOut, "default: \"...\"") {
		t.Errorf("misspelt fields: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
