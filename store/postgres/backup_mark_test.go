package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// newDatabase creates a database named prefix and random hex digits on the test
// server, dropped when the test ends, and returns its name and URL.
func newDatabase(t *testing.T, prefix string) (string, string) {
	t.Helper()
	base := serverURL(t)
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := prefix + hex.EncodeToString(b[:])
	admin(t, base, "CREATE DATABASE "+name)
	t.Cleanup(func() { admin(t, base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return name, databaseURL(t, base, name)
}

// databaseURL is base pointing at the database name.
func databaseURL(t *testing.T, base, name string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// admin runs a statement on the test server's own database.
func admin(t *testing.T, base, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", urlVar, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// restoreCopy restores the database at from into a new database, as backup's printed
// commands do (pg_dump and pg_restore), or with CREATE DATABASE ... TEMPLATE where the
// client tools are missing, and returns the copy's URL.
func restoreCopy(t *testing.T, fromName, from string) string {
	t.Helper()
	name, to := newDatabase(t, fromName+"_restore_")
	dump, errDump := exec.LookPath("pg_dump")
	restore, errRestore := exec.LookPath("pg_restore")
	if errDump != nil || errRestore != nil {
		base := serverURL(t)
		admin(t, base, "DROP DATABASE "+name)
		admin(t, base, "CREATE DATABASE "+name+" TEMPLATE "+fromName)
		return to
	}
	file := t.TempDir() + "/paceline.dump"
	if out, err := exec.Command(dump, "--format=custom", "--file="+file, from).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	if out, err := exec.Command(restore, "--no-owner", "--dbname="+to, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	return to
}

// QA restored a pg_dump into qa2_restore and a worker on it re-sent five webhook
// events at once: a restored copy reads the mark of the database it was dumped from
// and is refused until its restore is acknowledged, which marks it as itself. The live
// database stays unmarked as a copy throughout, and the copy's first migrate (Open)
// keeps the mark it found.
func TestRestoredDatabaseIsTold(t *testing.T) {
	ctx := context.Background()
	name, live := newDatabase(t, "pl_mark_")
	s, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	if from, err := s.RestoredFrom(ctx); err != nil || from != nil {
		t.Fatalf("the live database: restored from %v, %v", from, err)
	}
	s.Close() // a TEMPLATE copy needs the database without connections
	restored := restoreCopy(t, name, live)

	r, err := Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	from, err := r.RestoredFrom(ctx)
	if err != nil || from == nil || from.Database != name {
		t.Fatalf("the restored copy: restored from %v, %v; want database %s", from, err, name)
	}
	s, err = Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if from, err := s.RestoredFrom(ctx); err != nil || from != nil {
		t.Fatalf("the live database after the restore: restored from %v, %v", from, err)
	}
	if from, err := r.AcknowledgeRestore(ctx); err != nil || from == nil || from.Database != name {
		t.Fatalf("acknowledge: restored from %v, %v", from, err)
	}
	if from, err := r.RestoredFrom(ctx); err != nil || from != nil {
		t.Fatalf("the acknowledged copy: restored from %v, %v", from, err)
	}
	if from, err := r.AcknowledgeRestore(ctx); err != nil || from != nil {
		t.Fatalf("a second acknowledge: restored from %v, %v", from, err)
	}
}

// A database made before the mark (no database_identity) is marked by its first check,
// without refusal; a mark whose OID or system identifier is not the database's is a
// restored copy's, and one without a system identifier (pg_control_system refused)
// compares the name too.
func TestIdentityMark(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.pool.Exec(ctx, `DROP TABLE database_identity`); err != nil {
		t.Fatal(err)
	}
	if from, err := s.RestoredFrom(ctx); err != nil || from != nil {
		t.Fatalf("an unmarked database: restored from %v, %v", from, err)
	}
	var rows int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM database_identity`).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("the unmarked database was not marked: %d rows, %v", rows, err)
	}
	for _, tc := range []struct {
		name, set string
		restored  bool
	}{
		{"another OID", "database_oid = database_oid + 1", true},
		{"another server", "system_identifier = system_identifier + 1", true},
		{"renamed", "database_name = 'old_name'", false},
		{"no system identifier", "system_identifier = NULL", false},
		{"no system identifier, another name", "system_identifier = NULL, database_name = 'other'", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Marked afresh as itself, then changed.
			if _, err := s.pool.Exec(ctx, `DELETE FROM database_identity`); err != nil {
				t.Fatal(err)
			}
			if from, err := s.RestoredFrom(ctx); err != nil || from != nil {
				t.Fatalf("marked afresh: restored from %v, %v", from, err)
			}
			if _, err := s.pool.Exec(ctx, `UPDATE database_identity SET `+tc.set); err != nil {
				t.Fatal(err)
			}
			from, err := s.RestoredFrom(ctx)
			if err != nil || (from != nil) != tc.restored {
				t.Errorf("restored from %v, %v; want restored %v", from, err, tc.restored)
			}
			if _, err := s.AcknowledgeRestore(ctx); err != nil {
				t.Fatal(err)
			}
			if from, err := s.RestoredFrom(ctx); err != nil || from != nil {
				t.Errorf("after acknowledging: restored from %v, %v", from, err)
			}
		})
	}
}

// A worker that loses its server says which database it works: QA's live worker and
// the one on the restored qa2_restore beside it both logged "PostgreSQL at
// 127.0.0.1:5432".
func TestLostConnectionNamesTheDatabase(t *testing.T) {
	t.Parallel()
	s := &Store{addr: "127.0.0.1:5432", database: "qa2_restore"}
	err := s.fail("read the campaigns", io.EOF)
	if want := "lost the connection to PostgreSQL at 127.0.0.1:5432/qa2_restore while trying to read the campaigns"; !strings.Contains(err.Error(), want) {
		t.Errorf("fail said %q, want %q", err, want)
	}
}
