package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// accounts list and show and webhooks list on a --db with no file behind it say so
// (exit 1), as campaigns and tokens list do, and point to the demo's file when it lies
// next to it: they used to print an empty list (exit 0), which after the demo read as
// "the demo made no accounts". They create nothing either way.
func TestListsWithoutDatabaseSayWhatToDo(t *testing.T) {
	t.Parallel()
	for _, demo := range []bool{false, true} {
		dir := t.TempDir()
		db := filepath.Join(dir, "paceline.db")
		demoFile := filepath.Join(dir, demoDB)
		if demo {
			if err := os.WriteFile(demoFile, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			args []string
			step string // what the message says to do first
		}{
			{[]string{"accounts", "list"}, "add an account first (paceline accounts add --db " + db},
			{[]string{"accounts", "list", "--json"}, "add an account first"},
			{[]string{"accounts", "show", "ghost"}, `add the account "ghost" first (paceline accounts add --db ` + db + " --name ghost --type TYPE)"},
			{[]string{"webhooks", "list"}, "add an endpoint first (paceline webhooks add --db " + db + " --url https://...)"},
			{[]string{"webhooks", "list", "--json"}, "add an endpoint first"},
			{[]string{"tokens", "list"}, "add an account first"}, // the behaviour the others follow
		} {
			code, out, errOut := cli(t, db, tc.args...)
			cmd := "paceline " + strings.Join(tc.args, " ")
			if code != exitFailed || out != "" || !strings.Contains(errOut, "no database at "+db) || !strings.Contains(errOut, tc.step) {
				t.Errorf("%s (demo file %v): exit %d, stdout %q, stderr %q; want exit %d, no output, and %q",
					cmd, demo, code, out, errOut, exitFailed, tc.step)
			}
			if pointsToDemo := strings.Contains(errOut, "--db "+demoFile); pointsToDemo != demo {
				t.Errorf("%s (demo file %v): stderr %q; want it to point to the demo's file only when it is there", cmd, demo, errOut)
			}
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("a list on no database created %s (stat: %v)", db, err)
		}
	}
}
