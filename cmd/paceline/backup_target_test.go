package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// QA: docs/runtime.md's own example, --to backups/paceline-DATE.db, failed when
// backups/ did not exist ("cannot write in backups: ... no such file or directory").
// The folders are created, mode 0700, and backup says so; a folder that cannot be
// created (a file in the way) is refused with the mkdir to run, and leaves nothing.
func TestBackupCreatesItsFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	to := filepath.Join(dir, "backups", "2026", "paceline-2026-11-27.db")
	out := mustCLI(t, db, "backup", "--to", to)
	if !strings.Contains(out, "Created the folder "+filepath.Dir(to)+" (mode 0700)") || !strings.Contains(out, "Backed up "+db+" to "+to) {
		t.Fatalf("backup into a new folder:\n%s", out)
	}
	for _, d := range []string{filepath.Join(dir, "backups"), filepath.Dir(to)} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("folder %s: %v %v, want mode 0700", d, fi, err)
		}
	}
	if list := mustCLI(t, to, "accounts", "list"); !strings.Contains(list, "alice") {
		t.Fatalf("the backup: %s", list)
	}
	if out := mustCLI(t, db, "backup", "--to", filepath.Join(filepath.Dir(to), "again.db")); strings.Contains(out, "Created the folder") {
		t.Errorf("a folder that exists is not created:\n%s", out)
	}

	// A backup that fails takes away the folders it made.
	notDB := writeFile(t, dir, "notes.db", "not a database")
	code, _, errOut := cli(t, notDB, "backup", "--to", filepath.Join(dir, "fresh", "b.db"))
	if code != exitFailed || fileExists(filepath.Join(dir, "fresh")) {
		t.Errorf("a failed backup: exit %d, folder left: %v\n%s", code, fileExists(filepath.Join(dir, "fresh")), errOut)
	}
}

// QA: backup --db postgres://... wanted --to, though the README says it prints the
// command, and its pg_restore pointed at the database itself. --to is optional
// (paceline.dump); the restore goes into a new database, NAME_restore, created first;
// the password is never shown; the exit status is 1, as docs/runtime.md says.
func TestBackupPostgresPrintsDumpAndRestoreIntoNewDatabase(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		url, to string
		want    []string
	}{
		{"postgres://pace:s3cret@db.example:5433/agency?sslmode=require", "", []string{
			"pg_dump --format=custom --file=paceline.dump 'postgres://pace@db.example:5433/agency?sslmode=require'",
			"createdb --maintenance-db='postgres://pace@db.example:5433/agency?sslmode=require' agency_restore",
			"pg_restore --no-owner --dbname='postgres://pace@db.example:5433/agency_restore?sslmode=require' paceline.dump",
		}},
		{"postgres://pace@db.example/agency?password=s3cret&search_path=acme", "my dumps/a.dump", []string{
			"pg_dump --format=custom --schema=acme --file='my dumps/a.dump' postgres://pace@db.example/agency",
			"createdb --maintenance-db=postgres://pace@db.example/agency agency_restore",
			"pg_restore --no-owner --dbname=postgres://pace@db.example/agency_restore 'my dumps/a.dump'",
			// What a restore forgets, as SQLite's backup says, and the acknowledgement
			// on the restored database, its search_path kept, its password not shown.
			"Warning: restoring the dump forgets every action done after pg_dump ran: the steps sent since are not in it, and serve would send them again",
			"paceline campaigns pause NAME --db 'postgres://pace@db.example/agency_restore?password=PASSWORD&search_path=acme'",
			"paceline backup --acknowledge-restore --db 'postgres://pace@db.example/agency_restore?password=PASSWORD&search_path=acme': serve and worker refuse the restored copy until then",
		}},
		{"postgres://pace@db.example", "", []string{"createdb --maintenance-db=postgres://pace@db.example pace_restore",
			"--dbname=postgres://pace@db.example/pace_restore paceline.dump"}},
	} {
		args := []string{"backup"}
		if tt.to != "" {
			args = append(args, "--to", tt.to)
		}
		code, out, errOut := cli(t, tt.url, args...)
		if code != exitFailed || strings.Contains(out+errOut, "s3cret") || !strings.Contains(errOut, "has copied nothing") {
			t.Errorf("backup --db %s: exit %d, want 1 with no password\n%s%s", tt.url, code, out, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("backup --db %s says no %q:\n%s", tt.url, w, errOut)
			}
		}
	}
}
