package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// OpenCurrent changes nothing in a database: it refuses one without paceline's tables
// (a wrong database name) and one at an older schema, each saying to run migrate, and
// opens one at this paceline's schema. Open says what it applied.
func TestOpenCurrentChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)

	_, err := OpenCurrent(ctx, u)
	wantCode(t, err, paceline.ENOTFOUND)
	if msg := paceline.ErrorMessage(err); !strings.Contains(msg, "127.0.0.1:5432/") ||
		!strings.Contains(msg, "holds no paceline tables: check the database name, or run paceline migrate --db ") {
		t.Errorf("empty database: %q", msg)
	}

	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	var tables int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	latest, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if from, to := s.Migrated(); from != 0 || to != latest {
		t.Errorf("Open on a new schema: Migrated %d -> %d, want 0 -> %d", from, to, latest)
	}
	// An older schema: the last migration's record gone (its tables stay; OpenCurrent
	// looks at the version only).
	if _, err := s.pool.Exec(ctx, `DELETE FROM schema_migrations WHERE version = $1`, latest); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, err = OpenCurrent(ctx, u)
	wantCode(t, err, paceline.EUNAVAILABLE)
	if msg := paceline.ErrorMessage(err); !strings.Contains(msg, "older than this paceline's") || !strings.Contains(msg, "run paceline migrate --db ") {
		t.Errorf("older database: %q", msg)
	}

	if v, err := schemaVersionAt(ctx, u); err != nil || v != latest-1 {
		t.Errorf("after OpenCurrent the schema is at %d (%v), want %d", v, err, latest-1)
	}
}

// schemaVersionAt reads the schema version of the database at u without migrating it.
func schemaVersionAt(ctx context.Context, u string) (int, error) {
	s, err := connect(ctx, u)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return s.SchemaVersion(ctx)
}

// A database at this paceline's schema opens, and Migrated says nothing was applied.
func TestOpenCurrentOpensCurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = OpenCurrent(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	latest, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if from, to := s.Migrated(); from != latest || to != latest {
		t.Errorf("Migrated %d -> %d, want %d -> %d", from, to, latest, latest)
	}
}

// A URL shown in a hint keeps everything but its passwords, in the user info or the query.
func TestShownURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"postgres://pl:s3cret@db:5432/pl?sslmode=disable": "'postgres://pl:PASSWORD@db:5432/pl?sslmode=disable'",
		"postgres://pl@db/pl":                             "postgres://pl@db/pl",
		"host=db dbname=pl":                               "URL",
		// pgx reads passwords from the query too: the review saw hunter2 and s3cret in
		// the hint to run migrate.
		"postgres://bob@h/pl?password=hunter2&sslmode=require&sslpassword=s3cret": "'postgres://bob@h/pl?password=PASSWORD&sslmode=require&sslpassword=PASSWORD'",
		"postgres://bob:a@h/pl?pass%77ord=hunter2":                                "'postgres://bob:PASSWORD@h/pl?pass%77ord=PASSWORD'",
		"postgres://bob@h/pl?sslmode=disable&application_name=pl":                 "'postgres://bob@h/pl?sslmode=disable&application_name=pl'",
	} {
		if got := ShownURL(in); got != want {
			t.Errorf("ShownURL(%q) = %s, want %s", in, got, want)
		}
	}
}
