package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// QA: campaigns create, edit and pause said "start it with: paceline campaigns start
// q1" on a database that is not the default, where that command works on another
// database (paceline.db). The hint names --db, quoted for the shell, unless it is the
// default; a PostgreSQL URL is shown without its password.
func TestCampaignHintsNameTheDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "my db.db")
	flag := " --db '" + db + "'"
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"campaigns", "create", "--name", "q1", "--list", "founders", "--accounts", "alice"}, "start it with: paceline campaigns start q1" + flag + "\n"},
		{[]string{"campaigns", "edit", "q1", "--priority", "2"}, "start it with: paceline campaigns start q1" + flag + "\n"},
	} {
		if out := mustCLI(t, db, tc.args...); !strings.Contains(out, tc.want) {
			t.Errorf("%v: %q, want %q", tc.args, out, tc.want)
		}
	}
	mustCLI(t, db, "campaigns", "start", "q1")
	if out := mustCLI(t, db, "campaigns", "pause", "q1"); !strings.Contains(out, "resume it with: paceline campaigns start q1"+flag+"\n") {
		t.Errorf("pause: %q, want the start command with%s", out, flag)
	}
	if out := mustCLI(t, db, "campaigns", "pause", "q1"); !strings.Contains(out, "Resume it with: paceline campaigns start q1"+flag+"\n") {
		t.Errorf("second pause: %q, want the start command with%s", out, flag)
	}

	// The default database, in the current directory: no --db to add.
	a := &app{dbPath: "paceline.db"}
	if got := a.dbFlag(); got != "" {
		t.Errorf("dbFlag of the default database = %q, want none", got)
	}
	a.dbPath = "./paceline.db"
	if got := a.dbFlag(); got != "" {
		t.Errorf("dbFlag of ./paceline.db = %q, want none", got)
	}
	a.dbPath = "postgres://pace:s3cret@db.example/agency?sslmode=require"
	if got := a.dbFlag(); got != " --db 'postgres://pace:PASSWORD@db.example/agency?sslmode=require'" {
		t.Errorf("dbFlag of a PostgreSQL URL = %q", got)
	}
	a.dbPath = filepath.Join(dir, "paceline.db")
	if got := a.dbFlag(); got != " --db "+a.dbPath {
		t.Errorf("dbFlag of %s = %q", a.dbPath, got)
	}
}
