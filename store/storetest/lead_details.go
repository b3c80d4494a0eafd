package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/paceline/paceline"
)

// Two leads as the leads table held them before migration 0010 moved twelve of its
// columns into details: the columns and the VALUES of an INSERT that a store's
// migration test runs on a database at schema version 9 (PostgreSQL puts OVERRIDING
// SYSTEM VALUE between the two, for the ids), before CheckLeadDetailsKept.
const (
	LeadsBeforeDetailsColumns = `(id, profile_key, first_name, display_name, company,
		company_key, department, location, time_zone, industry, employees_min, employees_max,
		open_profile, premium, mutual_connections, created_at, updated_at)`
	LeadsBeforeDetailsValues = `VALUES (1, 'ada', 'Ada', 'Ada "Countess" L.', 'Analytical Engines',
		'analytical engines', 'R&D', 'London', 'Europe/London', 'Computing', 11, 50, TRUE, FALSE, 3,
		'2026-01-01', '2026-01-01'),
		(2, 'bob', 'Bob', '', '', '', '', '', '', '', 0, 0, FALSE, TRUE, 0, '2026-01-01', '2026-01-01')`
)

// CheckLeadDetailsKept fails t unless the store, migrated, reads the leads of
// LeadsBeforeDetailsValues back as they were.
func CheckLeadDetailsKept(t *testing.T, s interface {
	Lead(ctx context.Context, id int64) (*paceline.Lead, error)
}) {
	t.Helper()
	for _, want := range []paceline.Lead{
		{ID: 1, ProfileKey: "ada", FirstName: "Ada", DisplayName: `Ada "Countess" L.`,
			Company: "Analytical Engines", CompanyKey: "analytical engines", Department: "R&D",
			Location: "London", TimeZone: "Europe/London", Industry: "Computing",
			EmployeesMin: 11, EmployeesMax: 50, OpenProfile: true, MutualConnections: 3},
		{ID: 2, ProfileKey: "bob", FirstName: "Bob", Premium: true},
	} {
		l, err := s.Lead(context.Background(), want.ID)
		if err != nil {
			t.Fatal(err)
		}
		l.CreatedAt, l.UpdatedAt = want.CreatedAt, want.UpdatedAt
		if !reflect.DeepEqual(*l, want) {
			t.Errorf("lead %d after the migration:\n%+v\nwant\n%+v", want.ID, *l, want)
		}
	}
}
