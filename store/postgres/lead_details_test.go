package postgres

import (
	"context"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
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
		`INSERT INTO leads (id, profile_key, first_name, display_name, company,
		company_key, department, location, time_zone, industry, employees_min, employees_max,
		open_profile, premium, mutual_connections, created_at, updated_at)
		OVERRIDING SYSTEM VALUE VALUES (1, 'ada', 'Ada', 'Ada "Countess" L.', 'Analytical Engines', 'analytical engines',
		'R&D', 'London', 'Europe/London', 'Computing', 11, 50, TRUE, FALSE, 3, now(), now()),
		(2, 'bob', 'Bob', '', '', '', '', '', '', '', 0, 0, FALSE, TRUE, 0, now(), now())`)
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
