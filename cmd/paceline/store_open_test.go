package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A user who just ran the demo and runs a command without --db is pointed to the
// demo's file in the same folder; with no demo file the message stays as before.
func TestNoDatabasePointsToTheDemo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "paceline.db")
	for _, args := range [][]string{{"users", "list"}, {"campaigns", "list"}, {"leads", "list"}} {
		code, _, errs := runArgs(t, "", append(args, "--db", db)...)
		if code != exitFailed || !strings.Contains(errs, "no database at") || strings.Contains(errs, "demo") {
			t.Errorf("%v without a demo file: %d %q", args, code, errs)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, demoDB), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	want := "--db " + filepath.Join(dir, demoDB)
	for _, args := range [][]string{{"users", "list"}, {"campaigns", "list"}, {"leads", "list"}} {
		code, _, errs := runArgs(t, "", append(args, "--db", db)...)
		if code != exitFailed || !strings.Contains(errs, "no database at "+db) || !strings.Contains(errs, want) {
			t.Errorf("%v next to a demo file: %d %q; want it to say %s", args, code, errs, want)
		}
	}
}
