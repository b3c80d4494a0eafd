package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// Names that would break the API paths they sit in, the dashboard's markup or the
// quoted hints are refused when an account is made, with what a name may hold, and
// nothing is written; a database that holds such a name from before keeps working.
func TestAccountsAddRefusesNamesThatBreakPathsAndPages(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "ok", "--type", "free")
	for _, name := range []string{"a/b?c", "<script>alert(1)</script>", "50%", "a#b", `say "hi"`, " bob", "bob ",
		strings.Repeat("x", 65)} {
		code, out, errOut := cli(t, db, "accounts", "add", "--name", name, "--type", "free")
		if code != exitUsage && code != 1 || !strings.Contains(errOut, "use letters, digits") {
			t.Errorf("add --name %q: exit %d, stdout %q, stderr %q; want a refusal saying what a name may hold", name, code, out, errOut)
		}
	}
	if out := mustCLI(t, db, "accounts", "list", "--json"); strings.Count(out, `"name"`) != 1 {
		t.Errorf("refused names were stored: %s", out)
	}
	// A name stored before the rule: every command still finds it.
	old := &paceline.Account{Name: "a/b", Type: paceline.TypeFree, TimeZone: "UTC", Executor: paceline.ExecutorSim,
		State: paceline.AccountActive, Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1}
	if err := openTestStore(t, db).CreateAccount(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "accounts", "pause", "a/b")
	if out := mustCLI(t, db, "accounts", "show", "a/b"); !strings.Contains(out, "a/b") {
		t.Errorf("show a/b: %q", out)
	}
}
