package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
)

// The schema is a numbered list of SQL files, embedded so the binary carries its own
// schema; a file is never edited once released, a change is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate applies the migrations the database lacks, all in one transaction: a failure
// leaves the schema as it was, and two processes opening a new file at once cannot both
// apply the same step (the IMMEDIATE transaction makes the second wait, then find
// nothing to do).
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return openError(s.path, err)
	}
	defer tx.Rollback()

	if err := refuseForeign(ctx, tx, s.path); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT      NOT NULL,
		applied_at TIMESTAMP NOT NULL
	)`); err != nil {
		return openError(s.path, err)
	}
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return openError(s.path, err)
	}
	if current > len(ms) {
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"database %s has schema version %d but this paceline knows only up to %d: upgrade paceline to use it",
			s.path, current, len(ms))
	}
	for _, m := range ms[current:] {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("apply migration %s to %s: %w", m.Name, s.path, err)
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, s.now()); err != nil {
			return fmt.Errorf("record migration %s in %s: %w", m.Name, s.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return openError(s.path, err)
	}
	s.migratedFrom, s.migratedTo = current, max(current, len(ms))
	return nil
}

// refuseForeign stops paceline from writing its schema into another program's SQLite
// database: a file that has tables but no schema_migrations was not made by paceline,
// and a mistyped --db must not leave dozens of tables in it. An empty file (or one
// with no table) is a new database. Errors: EINVALID naming a few of the tables.
func refuseForeign(ctx context.Context, q rowsQueryer, path string) error {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return openError(path, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("list the tables of %s: %w", path, err)
		}
		if name == "schema_migrations" {
			return nil
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list the tables of %s: %w", path, err)
	}
	if len(names) == 0 {
		return nil
	}
	if len(names) > 3 {
		names = append(names[:3], "...")
	}
	return paceline.Errorf(paceline.EINVALID,
		"database %s belongs to another program (it holds the tables %s and none of paceline's); give paceline's database file, or a new file to start one",
		path, strings.Join(names, ", "))
}

// rowsQueryer is what *sql.DB and *sql.Tx share for reads of many rows.
type rowsQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryer is what *sql.DB and *sql.Tx share for reads.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func schemaVersion(ctx context.Context, q queryer) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// SchemaVersion returns the number of the last migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	return schemaVersion(ctx, s.db)
}
