package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/paceline/paceline/store/internal/migration"
	"github.com/paceline/paceline/store/storetest"
)

// Migration 0010 moves twelve columns of a stored lead into details; the lead reads
// back the same.
func TestMigrationKeepsLeadDetails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	steps := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,
		name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`}
	for _, m := range ms[:9] {
		steps = append(steps, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, '%s', '2026-01-01')`, m.Version, m.Name))
	}
	steps = append(steps, `INSERT INTO leads `+storetest.LeadsBeforeDetailsColumns+` `+storetest.LeadsBeforeDetailsValues)
	for _, q := range steps {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckLeadDetailsKept(t, s)
}
