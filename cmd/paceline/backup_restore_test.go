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
