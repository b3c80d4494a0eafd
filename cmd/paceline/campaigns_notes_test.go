package main

import (
	"strings"
	"testing"
)

// campaigns create checks invite notes against the smallest note limit of the
// campaign's accounts: QA created a campaign whose 272-character note alice, a free
// account (200 characters), could never send, and every invite went out without it.
// It is refused with the line, the length, the account and its limit; from bob alone
// (premium-business, 300) it is created. A note whose field may take it over is created with a
// warning.
func TestCampaignsCreateChecksNotesAgainstAccounts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "premium-business")
	seq := func(name, note string) string {
		return writeFile(t, dir, name+".yaml", "name: "+name+"\nsteps:\n  - id: connect\n    invite:\n      note: \""+note+"\"\n")
	}
	long := seq("long", strings.Repeat("x", 272))
	code, _, errOut := cli(t, db, "campaigns", "create", "--name", "t", "--accounts", "bob,alice", "--sequence", long)
	for _, want := range []string{"sequence: line 5, step connect: the note has 272 characters", "over the 200-character limit of account alice (free)", "shorten the note to at most 200 characters"} {
		if code != exitFailed || !strings.Contains(errOut, want) {
			t.Errorf("from bob and alice: exit %d, stderr %q; want exit 1 saying %q", code, errOut, want)
		}
	}
	if out := mustCLI(t, db, "campaigns", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("a refused campaign was stored: %s", out)
	}
	if code, _, errOut := cli(t, db, "campaigns", "create", "--name", "t", "--accounts", "bob", "--sequence", long); code != 0 || errOut != "" {
		t.Errorf("from bob alone: exit %d, stderr %q; want it created quietly", code, errOut)
	}
	tight := seq("tight", strings.Repeat("y", 190)+" {{first_name}}")
	code, out, errOut := cli(t, db, "campaigns", "create", "--name", "tight", "--accounts", "alice", "--sequence", tight)
	if code != 0 || !strings.Contains(out, "Created campaign tight") || !strings.Contains(errOut, "Warning: sequence "+tight+": line 5, step connect: the note has 190 characters before {{first_name}} is filled in, which leaves 10 for it under the 200-character limit of account alice (free)") {
		t.Errorf("tight note: exit %d, stdout %q, stderr %q; want it created with a warning", code, out, errOut)
	}
}

// campaigns create refuses an if: comparing the score (0 to 100) so that it can never
// hold, which QA found accepted silently: every lead would skip the step.
func TestCampaignsCreateRefusesScoreOutOfRange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	seq := writeFile(t, dir, "s.yaml", "name: s\nsteps:\n  - id: look\n    visit: {}\n  - id: again\n    if: score >= 500\n    visit: {}\n")
	code, _, errOut := cli(t, db, "campaigns", "create", "--name", "t", "--accounts", "alice", "--sequence", seq)
	if want := "line 6, step again: if: score >= 500 never holds: scores go from 0 to 100"; code != exitFailed || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want exit 1 saying %q", code, errOut, want)
	}
}
