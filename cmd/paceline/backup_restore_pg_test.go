package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/postgres"
)

// postgresDatabase creates a database named prefix and random hex digits on the
// PACELINE_TEST_POSTGRES server, dropped when the test ends, and returns its name and
// URL; it skips the test without a server.
func postgresDatabase(t *testing.T, prefix string) (string, string) {
	t.Helper()
	base := os.Getenv("PACELINE_TEST_POSTGRES")
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	var b [5]byte
	rand.Read(b[:])
	name := prefix + hex.EncodeToString(b[:])
	pgAdmin(t, "CREATE DATABASE "+name)
	t.Cleanup(func() { pgAdmin(t, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return name, u.String()
}

// pgAdmin runs a statement on the PACELINE_TEST_POSTGRES database itself.
func pgAdmin(t *testing.T, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, os.Getenv("PACELINE_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// pgRestoreCopy restores the database fromName (at from) into a new database as the
// commands backup prints do (pg_dump, then pg_restore into NAME_restore...), or with
// CREATE DATABASE ... TEMPLATE where pg_dump is missing, and returns the copy's name
// and URL.
func pgRestoreCopy(t *testing.T, fromName, from string) (string, string) {
	t.Helper()
	name, to := postgresDatabase(t, fromName+"_restore_")
	dump, errDump := exec.LookPath("pg_dump")
	restore, errRestore := exec.LookPath("pg_restore")
	if errDump != nil || errRestore != nil {
		pgAdmin(t, "DROP DATABASE "+name)
		pgAdmin(t, "CREATE DATABASE "+name+" TEMPLATE "+fromName)
		return name, to
	}
	file := filepath.Join(t.TempDir(), "paceline.dump")
	if out, err := exec.Command(dump, "--format=custom", "--file="+file, from).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	if out, err := exec.Command(restore, "--no-owner", "--dbname="+to, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	return name, to
}

// QA ran the pg_dump, createdb and pg_restore commands backup prints, and a worker on
// qa2_restore started at once and re-sent five webhook events the CRM had. A worker
// (and serve) on a restored copy is refused, naming the database, what the copy has
// forgotten, the pause of its active campaign and the acknowledgement, until backup
// --acknowledge-restore; the live database is never refused.
func TestWorkerRefusesARestoredPostgresDatabaseUntilAcknowledged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	liveName, live := postgresDatabase(t, "pl_live_")
	pgFixture(t, live, 1, 0) // migrated, an account, campaign wide active
	if out := mustCLI(t, live, "backup", "--acknowledge-restore"); !strings.Contains(out, "is not a restored copy") {
		t.Errorf("the live database is taken for a restored copy: %q", out)
	}
	name, restored := pgRestoreCopy(t, liveName, live)

	shownURL := postgres.ShownURL(restored)
	for _, command := range []string{"worker", "serve"} {
		args := []string{command}
		if command == "serve" {
			args = append(args, "--addr", "127.0.0.1:0")
		}
		code, _, errOut := cli(t, restored, args...)
		for _, want := range []string{
			"PostgreSQL at " + hostPort(t, restored) + "/" + name + " is a restored copy of database " + liveName + " (OID ",
			"it has forgotten every action done after the backup",
			command + " would send those steps again (and deliver their webhook events again)",
			"paceline campaigns pause wide --db " + shownURL,
			"paceline backup --acknowledge-restore --db " + shownURL,
		} {
			if code != exitFailed || !strings.Contains(errOut, want) {
				t.Errorf("%s on the restored copy: exit %d, stderr %q, want %q", command, code, errOut, want)
			}
		}
	}
	// The live database is the one it always was.
	checkNotRefused(t, ctx, live)

	mustCLI(t, restored, "campaigns", "pause", "wide")
	if out := mustCLI(t, restored, "backup", "--acknowledge-restore"); !strings.Contains(out, "/"+name+", restored from a backup of database "+liveName) ||
		!strings.Contains(out, "is the live database now") {
		t.Errorf("acknowledge-restore said %q", out)
	}
	checkNotRefused(t, ctx, restored)
	checkNotRefused(t, ctx, live)
	if out := mustCLI(t, restored, "backup", "--acknowledge-restore"); !strings.Contains(out, "is not a restored copy") {
		t.Errorf("a second acknowledge-restore said %q", out)
	}
}

// checkNotRefused fails the test when serve would refuse the database at db.
func checkNotRefused(t *testing.T, ctx context.Context, db string) {
	t.Helper()
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := refusePostgresRestored(ctx, "serve", (&app{dbPath: db}).shownDB(), db, st); err != nil {
		t.Errorf("serve refuses %s: %v", db, err)
	}
}

// hostPort is the host:port of a postgres:// URL, as messages name it.
func hostPort(t *testing.T, db string) string {
	t.Helper()
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	if u.Port() == "" {
		return u.Hostname() + ":5432"
	}
	return u.Host
}
