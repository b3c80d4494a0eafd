package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// readOnlyFixture makes a closed database with one account, mode 0444, in a directory
// of its own.
func readOnlyFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAccount(context.Background(), newAccount("alice")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	return path
}

// OpenReadOnly reads a WAL database without migrating or writing it; a write through
// it fails (as root too: mode=ro is SQLite's, not the file system's).
func TestOpenReadOnlyReadsAndRefusesWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := readOnlyFixture(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer s.Close()
	accts, err := s.Accounts(ctx)
	if err != nil || len(accts) != 1 || accts[0].Name != "alice" {
		t.Fatalf("Accounts: %v, %v", accts, err)
	}
	err = s.CreateAccount(ctx, newAccount("bob"))
	if err == nil {
		t.Fatal("CreateAccount through a read-only store succeeded")
	}
	if !IsReadOnly(err) {
		t.Errorf("write error %v is not a read-only one", err)
	}
	s.Close()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("OpenReadOnly changed the file")
	}
}

// The immutable fallback (a WAL database whose directory cannot take its -shm) reads
// the same rows; as root the directory cannot be made unwritable, so it is opened
// directly.
func TestOpenReadOnlyImmutable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := readOnlyFixture(t)
	if !noWAL(path) {
		t.Fatal("a closed database left a -wal with content")
	}
	s, err := openReadOnly(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if accts, err := s.Accounts(ctx); err != nil || len(accts) != 1 {
		t.Fatalf("Accounts: %v, %v", accts, err)
	}
}

// A database opened read-only cannot be migrated: an older schema is refused with what
// to do, as are a newer one and another program's file.
func TestOpenReadOnlyRefusesOtherSchemas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	edit := func(t *testing.T, sqlText string) string {
		path := readOnlyFixture(t)
		os.Chmod(path, 0o644)
		db, err := sql.Open("sqlite", fileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, sqlText); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, c := range []struct {
		name, sql, code, want string
	}{
		{"older", "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)",
			paceline.EUNAVAILABLE, "run a command that writes (such as paceline migrate --db"},
		{"newer", "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99999, 'future', '2030-01-01')",
			paceline.EUNAVAILABLE, "upgrade paceline"},
	} {
		path := edit(t, c.sql)
		_, err := OpenReadOnly(ctx, path)
		wantCode(t, err, c.code)
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s schema: %v, want it to say %q", c.name, err, c.want)
		}
	}

	foreign := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", fileURI(foreign))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE notes (body TEXT)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = OpenReadOnly(ctx, foreign)
	wantCode(t, err, paceline.EINVALID)

	_, err = OpenReadOnly(ctx, filepath.Join(t.TempDir(), "missing.db"))
	wantCode(t, err, paceline.EUNAVAILABLE)
}
