package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
)

// clock is a fixed instant with sub-second digits, so precision loss would show.
var clock = time.Date(2026, 3, 2, 9, 30, 15, 123456789, time.UTC)

// openTest opens a fresh database in the test's own directory, with a fixed clock.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "paceline.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.NowFunc = func() time.Time { return clock }
	t.Cleanup(func() { s.Close() })
	return s
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := paceline.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var rows int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if v != len(ms) || rows != len(ms) {
			t.Fatalf("open #%d: version %d with %d rows, want %d and %d", i+1, v, rows, len(ms), len(ms))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenConcurrentlyOnNewFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, path)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open #%d: %v", i, err)
		}
	}
}

func TestOpenSetsPragmas(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"synchronous":  "1",
		"busy_timeout": "120000",
		"foreign_keys": "1",
	} {
		var got string
		if err := s.db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatalf("%s: %v", pragma, err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (999, '0999_future', ?)`, clock); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, err = Open(ctx, path)
	wantCode(t, err, paceline.EUNAVAILABLE)
	for _, part := range []string{path, "999", "upgrade paceline"} {
		if !strings.Contains(paceline.ErrorMessage(err), part) {
			t.Errorf("message %q does not mention %q", paceline.ErrorMessage(err), part)
		}
	}
}

func TestOpenUnusablePath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database at all. ", 400)), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"missing directory": filepath.Join(dir, "no", "such", "dir", "p.db"),
		"a directory":       dir,
		"not a database":    garbage,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Open(context.Background(), path)
			wantCode(t, err, paceline.EUNAVAILABLE)
			if !strings.Contains(paceline.ErrorMessage(err), path) {
				t.Errorf("message %q does not name %s", paceline.ErrorMessage(err), path)
			}
		})
	}
	t.Run("empty path", func(t *testing.T) {
		t.Parallel()
		_, err := Open(context.Background(), " ")
		wantCode(t, err, paceline.EINVALID)
	})
}

// Another program's SQLite database is refused, not filled with paceline's schema.
func TestOpenRefusesForeignDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE invoices (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	_, err = Open(ctx, path)
	wantCode(t, err, paceline.EINVALID)
	for _, part := range []string{path, "another program", "invoices"} {
		if !strings.Contains(paceline.ErrorMessage(err), part) {
			t.Errorf("message %q does not mention %q", paceline.ErrorMessage(err), part)
		}
	}
	db, err = sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 1 {
		t.Errorf("the foreign database has %d tables after Open, want its 1", tables)
	}
	// Not a byte changed: the journal mode too, which WAL would have switched for good.
	if after, err := os.ReadFile(path); err != nil || string(after) != string(before) {
		t.Errorf("Open changed the foreign database's file (read error %v)", err)
	}
}

func TestOpenKeepsOddCharactersInPath(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a b%20c?d#e.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created under its exact name: %v", err)
	}
}

func TestOpenReadOnlyFile(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root writes through file permissions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	_, err = Open(context.Background(), path)
	wantCode(t, err, paceline.EUNAVAILABLE)
}
