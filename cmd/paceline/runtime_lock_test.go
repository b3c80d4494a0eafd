package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A serve on a file a demo holds names the demo, its pid and since when (it used to
// say "another paceline serve or worker"); a lock whose line does not name its command
// is "another paceline process (a demo, serve or worker)".
func TestLockNamesItsHolder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ command, want string }{
		{"demo", fmt.Sprintf("paceline demo (pid %d, since ", os.Getpid())},
		{"worker", fmt.Sprintf("paceline worker (pid %d, since ", os.Getpid())},
		{"", "another paceline process (a demo, serve or worker)"},
	} {
		db := filepath.Join(t.TempDir(), "p.db")
		mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
		release, err := lockFileAs(db, tc.command)
		if err != nil {
			t.Fatal(err)
		}
		code, _, errOut := cli(t, db, "serve", "--addr", "127.0.0.1:0")
		release()
		if code != exitFailed || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "is running on "+db+": stop it first") {
			t.Errorf("serve on a file %q holds: exit %d, stderr %q, want %q", tc.command, code, errOut, tc.want)
		}
		if tc.command != "" && strings.Contains(errOut, "another") {
			t.Errorf("the lock names its holder, the message still guesses: %q", errOut)
		}
	}
}

// The lock file holds the one line of its holder: a longer line from before is not
// left trailing behind a shorter one.
func TestLockFileHoldsOneLine(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	if err := os.WriteFile(db+".lock", []byte("1 2020-01-01T00:00:00Z worker and a long tail from an older paceline\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	release, err := lockFileAs(db, "serve")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	b, err := os.ReadFile(db + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(string(b)); len(f) != 3 || f[0] != fmt.Sprint(os.Getpid()) || f[2] != "serve" || strings.Count(string(b), "\n") != 1 {
		t.Errorf("lock file holds %q, want one line: pid, time, serve", b)
	}
}

func TestRunningCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"paceline", "demo"}, "demo"},
		{[]string{"paceline", "--db", "p.db", "serve", "--addr", ":8080"}, "serve"},
		{[]string{"/usr/bin/paceline", "worker", "--db", "postgres://x"}, "worker"},
		{[]string{"paceline.test", "-test.run=^TestRuntimeChild$"}, ""},
		{[]string{"serve"}, ""}, // the program's own name is not its command
		{nil, ""},
	} {
		if got := runningCommand(tc.args); got != tc.want {
			t.Errorf("runningCommand(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
