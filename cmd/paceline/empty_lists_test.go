package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A listing with nothing to list says so and how to make the first one, instead of a
// bare header line; leads list tells no leads at all from filters that match none.
func TestEmptyListingsSayWhatToDo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"campaigns", "list"}, "No campaigns yet in " + db + ": create one with paceline campaigns create"},
		{[]string{"tokens", "list"}, "No live API tokens: create one with paceline tokens create --user NAME."},
		{[]string{"users", "list"}, "No dashboard users yet: add one with paceline users create NAME."},
		{[]string{"leads", "list"}, "No leads to list in " + db + ": import some with paceline leads import FILE --db " + db},
	} {
		if out := mustCLI(t, db, tc.args...); !strings.Contains(out, tc.want) {
			t.Errorf("%v: %q, want %q", tc.args, out, tc.want)
		}
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV))
	// (A list that does not exist is refused instead: TestLeadsListUnknownList.)
	if out := mustCLI(t, db, "leads", "list", "--min-score", "100"); !strings.Contains(out, "No lead in "+db+" matches these filters") {
		t.Errorf("leads list --min-score 100: %q", out)
	}
}
