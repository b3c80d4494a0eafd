package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A restored backup forgets what was sent after it, and serve sent it again (five
// people got their email twice): backup says so, and gives the commands that pause the
// copy's active campaigns (q1, not the paused q2) before serve runs it. Following
// them on the restored copy leaves q1 paused.
func TestBackupWarnsARestoreSendsAgain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "m.csv", "profileUrl,fullName,companyName\nhttps://www.linkedin.com/in/ada-lee,Ada Lee,Initech\n"), "--list", "cfos")
	for _, c := range [][2]string{{"q1", "founders"}, {"q2", "cfos"}} {
		mustCLI(t, db, "campaigns", "create", "--name", c[0], "--list", c[1], "--accounts", "alice")
		mustCLI(t, db, "campaigns", "start", c[0])
	}
	mustCLI(t, db, "campaigns", "pause", "q2")
	to := filepath.Join(dir, "bk", "b.db")
	out := mustCLI(t, db, "backup", "--to", to)
	pause := "paceline campaigns pause q1 --db " + db + " --reason 'restored from the backup of "
	for _, want := range []string{
		"Warning: restoring this copy forgets every action done after ",
		"serve would send them again",
		"Before serve runs a restored copy, pause its active campaigns:\n  " + pause,
		"paceline accounts pause NAME --db " + db,
		"paceline campaigns start NAME --db " + db,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("backup said:\n%s\nwant %q in it", out, want)
		}
	}
	if strings.Contains(out, "campaigns pause q2") {
		t.Errorf("backup pauses q2, paused already:\n%s", out)
	}
	if status := mustCLI(t, to, "campaigns", "pause", "q1", "--reason", "restored"); !strings.Contains(status, "Campaign q1 is paused") {
		t.Errorf("the printed pause on the copy said %q", status)
	}
}

// The copy carries the time it was taken: serve refuses it, restored, naming the
// campaigns to pause, until backup --acknowledge-restore; the live database it was
// taken from is not marked.
func TestServeRefusesARestoredBackupUntilAcknowledged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "founders", "--accounts", "alice")
	mustCLI(t, db, "campaigns", "start", "q1")
	restored := filepath.Join(t.TempDir(), "paceline.db")
	mustCLI(t, db, "backup", "--to", restored)
	if out := mustCLI(t, db, "backup", "--acknowledge-restore"); !strings.Contains(out, "is not a restored backup") {
		t.Errorf("the live database is marked as a backup: %q", out)
	}
	code, _, errOut := cli(t, restored, "serve", "--addr", "127.0.0.1:0")
	for _, want := range []string{restored + " is a backup taken at ", "serve would send those steps again",
		"paceline campaigns pause q1 --db " + restored, "paceline backup --acknowledge-restore --db " + restored} {
		if code != exitFailed || !strings.Contains(errOut, want) {
			t.Errorf("serve on a restored backup: exit %d, stderr %q, want %q", code, errOut, want)
		}
	}
	mustCLI(t, restored, "campaigns", "pause", "q1")
	if out := mustCLI(t, restored, "backup", "--acknowledge-restore"); !strings.Contains(out, "is the live database now") {
		t.Errorf("acknowledge-restore said %q", out)
	}
	if out := mustCLI(t, restored, "backup", "--acknowledge-restore"); !strings.Contains(out, "is not a restored backup") {
		t.Errorf("a second acknowledge-restore said %q", out)
	}
}
