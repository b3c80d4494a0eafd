package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLeadsExportUnknownList: a list that does not exist is refused (exit 1, nothing
// written) naming the lists there are; an existing list with no member exports an
// empty file with a warning (exit 0).
func TestLeadsExportUnknownList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "in.csv", roundTripCSV), "--list", "q1")
	importLeadsJSON(t, db, writeFile(t, dir, "gone.csv", "profileUrl\nhttps://www.linkedin.com/in/rt-gone\n"), "--list", "emptied")
	mustCLI(t, db, "leads", "erase", "in:rt-gone")

	out := filepath.Join(dir, "x.csv")
	code, stdout, stderr := cli(t, db, "leads", "export", "--list", "nolist", "--out", out)
	if code != exitFailed || stdout != "" || !strings.Contains(stderr, `no list is named "nolist"`) ||
		!strings.Contains(stderr, `"emptied", "q1"`) {
		t.Errorf("an unknown list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an unknown list left %s (%v)", out, err)
	}
	if code, stdout, _ := cli(t, db, "leads", "export", "--list", "nolist", "--format", "json"); code != exitFailed || stdout != "" {
		t.Errorf("an unknown list as JSON: exit %d, stdout %q", code, stdout)
	}
	for _, format := range []string{"csv", "json"} {
		code, stdout, stderr = cli(t, db, "leads", "export", "--list", "emptied", "--format", format)
		if code != exitOK || !strings.Contains(stderr, `list "emptied" has no members`) {
			t.Errorf("%s: an empty list: exit %d, stderr %q", format, code, stderr)
		}
		// The erased lead's entry stays on the suppression list, but an export of a
		// list carries only the entries of its members' keys: none here.
		var leads []leadView
		if format == "csv" && strings.Count(stdout, "\n") != 1 ||
			format == "json" && (unmarshalExport(stdout, &leads) != nil || len(leads) != 0 || !strings.Contains(stdout, `"suppressions": []`)) {
			t.Errorf("%s: an empty list exported %q", format, stdout)
		}
	}
	if code, _, stderr := cli(t, db, "leads", "export", "--list", "q1"); code != exitOK || stderr != "" {
		t.Errorf("a list with members: exit %d, stderr %q", code, stderr)
	}
}

func TestLeadsExportUnknownListOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	importLeadsJSON(t, db, writeFile(t, t.TempDir(), "in.csv", roundTripCSV), "--list", "q1")
	code, stdout, stderr := cli(t, db, "leads", "export", "--list", "nolist")
	if code != exitFailed || stdout != "" || !strings.Contains(stderr, `no list is named "nolist"; the lists are "q1"`) {
		t.Errorf("an unknown list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
