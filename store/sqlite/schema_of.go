package sqlite

import (
	"context"

	"github.com/paceline/paceline/store/internal/migration"
	sqlite3 "modernc.org/sqlite/lib"
)

// SchemaOf reads the schema version of the SQLite database at path and the latest
// this paceline knows, opening the file read-only: it migrates nothing, creates no
// file and changes no journal mode (paceline version). current is 0 for an empty file.
// Errors: those of OpenReadOnly for a file it cannot read, and EINVALID for another
// program's database.
func SchemaOf(ctx context.Context, path string) (current, latest int, err error) {
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		return 0, 0, err
	}
	s, err := openReadOnly(ctx, path, false)
	if c := sqliteCode(err) & 0xff; (c == sqlite3.SQLITE_CANTOPEN || c == sqlite3.SQLITE_READONLY) && noWAL(path) {
		s, err = openReadOnly(ctx, path, true)
	}
	if err != nil {
		return 0, 0, openError(path, err)
	}
	defer s.db.Close()
	if err := refuseForeign(ctx, s.db, path); err != nil {
		return 0, 0, err
	}
	var hasTable int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&hasTable); err != nil {
		return 0, 0, openError(path, err)
	}
	if hasTable > 0 {
		if current, err = schemaVersion(ctx, s.db); err != nil {
			return 0, 0, openError(path, err)
		}
	}
	return current, len(ms), nil
}
