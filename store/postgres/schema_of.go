package postgres

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
)

// SchemaOf reads the schema version of the PostgreSQL database at url (in the
// schema its search_path names) and the latest this paceline knows, changing nothing:
// no table is created, nothing migrated (paceline version). current is 0 for a
// database without paceline's tables. Errors: those of Open for a server it cannot
// reach, and EUNAVAILABLE when none of the search_path's schemas exists.
func SchemaOf(ctx context.Context, url string) (current, latest int, err error) {
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		return 0, 0, err
	}
	s, err := connect(ctx, url)
	if err != nil {
		return 0, 0, err
	}
	defer s.pool.Close()
	var schema *string
	var hasTable bool
	if err := s.pool.QueryRow(ctx, `SELECT current_schema(), to_regclass('schema_migrations') IS NOT NULL`).Scan(&schema, &hasTable); err != nil {
		return 0, 0, s.fail("look for paceline's tables", err)
	}
	if schema == nil {
		return 0, 0, paceline.Errorf(paceline.EUNAVAILABLE,
			"PostgreSQL at %s has none of the schemas in the URL's search_path (create the schema, or fix search_path)", s.addr)
	}
	if hasTable {
		if current, err = schemaVersion(ctx, s.pool); err != nil {
			return 0, 0, s.fail("read the schema version", err)
		}
	}
	return current, len(ms), nil
}
