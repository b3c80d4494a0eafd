package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLeadsListUnknownList: a mistyped --list is refused naming the lists there are,
// as leads export refuses it; it looked like an empty list ("No lead matches these
// filters", exit 0). An existing list with no member still lists nothing, exit 0.
func TestLeadsListUnknownList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "in.csv", roundTripCSV), "--list", "q1")
	importLeadsJSON(t, db, writeFile(t, dir, "gone.csv", "profileUrl\nhttps://www.linkedin.com/in/rt-gone\n"), "--list", "emptied")
	mustCLI(t, db, "leads", "erase", "in:rt-gone")

	for _, args := range [][]string{{}, {"--json"}} {
		code, stdout, stderr := cli(t, db, append([]string{"leads", "list", "--list", "nolist"}, args...)...)
		if code != exitFailed || stdout != "" || !strings.Contains(stderr, `no list is named "nolist"; the lists are "emptied", "q1"`) {
			t.Errorf("leads list --list nolist %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if code, stdout, stderr := cli(t, db, "leads", "list", "--list", "emptied"); code != exitOK || !strings.Contains(stdout, "matches these filters") {
		t.Errorf("an empty list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, stdout, _ := cli(t, db, "leads", "list", "--list", "q1"); code != exitOK || !strings.Contains(stdout, "Ann Lee") {
		t.Errorf("a list with members: exit %d, stdout %q", code, stdout)
	}
}

func TestLeadsListUnknownListOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	importLeadsJSON(t, db, writeFile(t, t.TempDir(), "in.csv", roundTripCSV), "--list", "q1")
	code, stdout, stderr := cli(t, db, "leads", "list", "--list", "nolist")
	if code != exitFailed || stdout != "" || !strings.Contains(stderr, `no list is named "nolist"; the lists are "q1"`) {
		t.Errorf("an unknown list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
