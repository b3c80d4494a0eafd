package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/internal/migration"
	"github.com/paceline/paceline/store/storetest"
)

// Migration 0010 moves twelve columns of a stored lead into details; the lead reads
// back the same.
func TestMigrationKeepsLeadDetails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	steps := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,
		name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`}
	for _, m := range ms[:9] {
		steps = append(steps, m.SQL)
	}
	steps = append(steps, `INSERT INTO schema_migrations SELECT g, 'old', now() FROM generate_series(1, 9) g`,
		`INSERT INTO leads `+storetest.LeadsBeforeDetailsColumns+` OVERRIDING SYSTEM VALUE `+storetest.LeadsBeforeDetailsValues)
	for _, q := range steps {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	conn.Close(ctx)

	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckLeadDetailsKept(t, s)
}
