package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
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
	steps = append(steps, `INSERT INTO leads (id, profile_key, first_name, display_name, company,
		company_key, department, location, time_zone, industry, employees_min, employees_max,
		open_profile, premium, mutual_connections, created_at, updated_at)
		VALUES (1, 'ada', 'Ada', 'Ada "Countess" L.', 'Analytical Engines', 'analytical engines',
		'R&D', 'London', 'Europe/London', 'Computing', 11, 50, TRUE, FALSE, 3,
		'2026-01-01', '2026-01-01'), (2, 'bob', 'Bob', '', '', '', '', '', '', '', 0, 0, FALSE, TRUE, 0,
		'2026-01-01', '2026-01-01')`)
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
	for _, want := range []paceline.Lead{
		{ID: 1, ProfileKey: "ada", FirstName: "Ada", DisplayName: `Ada "Countess" L.`,
			Company: "Analytical Engines", CompanyKey: "analytical engines", Department: "R&D",
			Location: "London", TimeZone: "Europe/London", Industry: "Computing",
			EmployeesMin: 11, EmployeesMax: 50, OpenProfile: true, MutualConnections: 3},
		{ID: 2, ProfileKey: "bob", FirstName: "Bob", Premium: true},
	} {
		l, err := s.Lead(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		l.CreatedAt, l.UpdatedAt = want.CreatedAt, want.UpdatedAt
		if !reflect.DeepEqual(*l, want) {
			t.Errorf("lead %d after the migration:\n%+v\nwant\n%+v", want.ID, *l, want)
		}
	}
}
