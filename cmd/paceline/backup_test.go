package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// QA's finding: a cp of a running database lost the commits still in its -wal file.
// A backup taken while another connection records actions holds every action committed
// before it began, and only whole ones after (a prefix of the writer's sequence). The
// backup restored with its copied key file lists the accounts and opens the sealed
// webhook secret (webhooks test signs with it); restored without the key, it says how
// to bring the key back, exit 1.
func TestBackupWhileWritingHoldsEveryCommittedRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	live := filepath.Join(t.TempDir(), "paceline.db")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(srv.Close)
	mustCLI(t, live, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, live, "webhooks", "add", "--url", srv.URL+"/hook")

	st := openTestStore(t, live)
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := st.RecordAction(ctx, &paceline.Action{Key: fmt.Sprintf("w/%05d", i), At: at.Add(time.Duration(i) * time.Second),
				Account: "alice", Lead: fmt.Sprintf("lead-%d", i), Kind: paceline.KindInvite, Result: paceline.ResultDone}); err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
			committed.Store(int64(i + 1))
		}
	}()
	for committed.Load() < 50 {
		time.Sleep(time.Millisecond)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	before := committed.Load()
	out := mustCLI(t, live, "backup", "--to", backup)
	after := committed.Load()
	close(stop)
	wg.Wait()
	for _, want := range []string{"Backed up " + live + " to " + backup, "Copied its secret key", backup + ".key (mode 0600)", "To restore"} {
		if !strings.Contains(out, want) {
			t.Errorf("backup says no %q:\n%s", want, out)
		}
	}
	key, err := os.ReadFile(filepath.Join(filepath.Dir(live), keyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(backup + ".key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the key's copy: %v %v, want mode 0600", fi, err)
	} else if b, _ := os.ReadFile(backup + ".key"); !bytes.Equal(b, key) {
		t.Fatal("the key's copy is not the key")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(backup), ".*tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// Restored as the recipe says: the backup as the database, its key beside it.
	restored := filepath.Join(t.TempDir(), "paceline.db")
	copyTestFile(t, backup, restored, 0o644)
	copyTestFile(t, backup+".key", filepath.Join(filepath.Dir(restored), keyFileName), 0o600)
	if list := mustCLI(t, restored, "accounts", "list"); !strings.Contains(list, "alice") {
		t.Fatalf("accounts list of the restored backup:\n%s", list)
	}
	acts, err := openTestStore(t, restored).DoneActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := int64(len(acts))
	if n < before || n > after {
		t.Fatalf("the backup holds %d actions; %d were committed before it began and %d when it ended", n, before, after)
	}
	for i, a := range acts {
		if a.Key != fmt.Sprintf("w/%05d", i) {
			t.Fatalf("action %d of the backup is %s: not the writer's first %d in order", i, a.Key, n)
		}
	}
	if out := mustCLI(t, restored, "webhooks", "test", "1"); !strings.Contains(out, "answered 204") {
		t.Fatalf("webhooks test on the restored backup: %s", out)
	}

	// Restored without the key: the error says what to copy.
	keyless := filepath.Join(t.TempDir(), "paceline.db")
	copyTestFile(t, backup, keyless, 0o644)
	code, _, errOut := cli(t, keyless, "webhooks", "test", "1")
	if code != exitFailed || !strings.Contains(errOut, "the secret key of the database in "+filepath.Dir(keyless)+" is missing") ||
		!strings.Contains(errOut, "copy paceline.key next to the database (it was made with it) or set PACELINE_SECRET_KEY") || strings.Contains(errOut, "internal") {
		t.Fatalf("without its key: exit %d\n%s", code, errOut)
	}
}

// An existing --to is kept unless --force (then replaced whole); the database itself,
// a missing database and a PostgreSQL URL are refused, the last with the pg_dump
// command for it, without the password.
func TestBackupRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	to := writeFile(t, dir, "old.db", "yesterday's backup")
	code, _, errOut := cli(t, db, "backup", "--to", to)
	if b, _ := os.ReadFile(to); code != exitFailed || !strings.Contains(errOut, "exists: give another --to, or --force") || string(b) != "yesterday's backup" {
		t.Fatalf("backup over an existing file: exit %d, file %q\n%s", code, b, errOut)
	}
	if out := mustCLI(t, db, "backup", "--to", to, "--force"); !strings.Contains(out, "no paceline.key next to the database") {
		t.Errorf("a database without a key file: %s", out)
	}
	if list := mustCLI(t, to, "accounts", "list"); !strings.Contains(list, "alice") {
		t.Fatalf("the forced backup: %s", list)
	}
	if code, _, errOut := cli(t, db, "backup", "--to", db, "--force"); code != exitFailed || !strings.Contains(errOut, "is the database itself") {
		t.Errorf("backup onto itself: exit %d\n%s", code, errOut)
	}
	missing := filepath.Join(dir, "none.db")
	if code, _, errOut := cli(t, missing, "backup", "--to", filepath.Join(dir, "b.db")); code != exitFailed || !strings.Contains(errOut, "no database at "+missing) || fileExists(missing) {
		t.Errorf("backup of no database: exit %d\n%s", code, errOut)
	}
	for url, want := range map[string]string{
		"postgres://pace:s3cret@db.example:5433/agency?sslmode=require": "pg_dump --format=custom --file=agency.dump 'postgres://pace@db.example:5433/agency?sslmode=require'",
		// pg_dump refuses pgx's parameters: the search_path is its --schema.
		"postgres://pace@db.example/agency?password=s3cret&search_path=acme&pool_max_conns=4&sslmode=disable": "pg_dump --format=custom --schema=acme --file=agency.dump 'postgres://pace@db.example/agency?sslmode=disable'",
	} {
		code, out, errOut := cli(t, url, "backup", "--to", "agency.dump")
		if code != exitFailed || !strings.Contains(errOut, want) || strings.Contains(errOut+out, "s3cret") || !strings.Contains(errOut, "PACELINE_SECRET_KEY") {
			t.Errorf("backup of PostgreSQL: exit %d, want the command %s without the password\n%s%s", code, want, out, errOut)
		}
	}
}

// copyTestFile copies a file as a user restoring a backup would.
func copyTestFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, mode); err != nil {
		t.Fatal(err)
	}
}
