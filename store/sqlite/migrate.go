package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
)

// The schema is a numbered list of SQL files, embedded so the binary carries its own
// schema; a file is never edited once released, a change is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations reads the embedded files in version order and checks that the numbers run
// 1, 2, 3 ... without gaps or repeats, since a gap would make every later version
// ambiguous.
func migrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, p := range names {
		base := strings.TrimPrefix(p, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate applies the migrations the database lacks, all in one transaction: a failure
// leaves the schema as it was, and two processes opening a new file at once cannot both
// apply the same step (the IMMEDIATE transaction makes the second wait, then find
// nothing to do).
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations(migrationFiles)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return openError(s.path, err)
	}
	defer tx.Rollback()

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
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s to %s: %w", m.name, s.path, err)
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, s.now()); err != nil {
			return fmt.Errorf("record migration %s in %s: %w", m.name, s.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return openError(s.path, err)
	}
	return nil
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
