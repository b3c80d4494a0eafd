package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A second pause of a paused campaign says since when and why it is paused and keeps
// the reason (it used to overwrite "holiday" with "paused by user"); a new --reason
// replaces it and says so.
func TestCampaignPauseTwiceKeepsTheReason(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "founders", "--accounts", "alice")
	mustCLI(t, db, "campaigns", "start", "q1")
	if out := mustCLI(t, db, "campaigns", "pause", "q1", "--reason", "holiday"); !strings.Contains(out, "Campaign q1 is paused; resume it with: paceline campaigns start q1") {
		t.Errorf("first pause: %q", out)
	}
	out := mustCLI(t, db, "campaigns", "pause", "q1")
	for _, want := range []string{"Campaign q1 is already paused (since ", " UTC: holiday); nothing changed.", "paceline campaigns start q1"} {
		if !strings.Contains(out, want) {
			t.Errorf("second pause said %q, want %q in it", out, want)
		}
	}
	if status := mustCLI(t, db, "campaigns", "status", "q1"); !strings.Contains(status, "holiday") || strings.Contains(status, "paused by user") {
		t.Errorf("a second pause without --reason replaced the reason:\n%s", status)
	}
	out = mustCLI(t, db, "campaigns", "pause", "q1", "--reason", "flu")
	if !strings.Contains(out, "was already paused (since ") || !strings.Contains(out, "holiday); its reason is now: flu.") {
		t.Errorf("pause with a new reason said %q", out)
	}
	if status := mustCLI(t, db, "campaigns", "status", "q1"); !strings.Contains(status, "flu") {
		t.Errorf("the new reason was not kept:\n%s", status)
	}
}

// Pausing a draft is refused, and says what start needs: the message used to say
// "resume it with: paceline campaigns start q3", and that start failed for want of
// leads. Nothing is written: the campaign stays a draft.
func TestCampaignPauseRefusesADraft(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "campaigns", "create", "--name", "q3", "--list", "founders", "--accounts", "alice")
	code, out, errOut := cli(t, db, "campaigns", "pause", "q3")
	if code != exitFailed || out != "" {
		t.Errorf("pause of a draft: exit %d, stdout %q; want exit %d and nothing on stdout", code, out, exitFailed)
	}
	for _, want := range []string{"campaign q3 is a draft", "nothing to pause", `needs leads in its list "founders"`,
		"paceline leads import FILE --list founders", "then: paceline campaigns start q3"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	if status := mustCLI(t, db, "campaigns", "status", "q3"); !strings.Contains(status, "(draft)") {
		t.Errorf("a refused pause changed the draft:\n%s", status)
	}
	// With leads in its list, the message says start is what to run.
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	if _, _, errOut := cli(t, db, "campaigns", "pause", "q3"); !strings.Contains(errOut, "start it when it should send: paceline campaigns start q3") {
		t.Errorf("pause of a draft with leads: %q", errOut)
	}
}
