package postgres

import (
	"context"
	"embed"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
)

// The schema is a numbered list of SQL files, embedded so the binary carries its own
// schema; a file is never edited once released, a change is a new file (in this folder
// and in store/sqlite's, with the same number).
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the first key of the advisory lock taken while migrating ("pace" in
// ASCII); the second key is the schema's, so that databases in different schemas of
// one server (tests, several tenants) migrate independently.
const migrationLock = 0x70616365

// migrate applies the migrations the database lacks in one transaction, under a
// transaction-level advisory lock: two processes opening a new database at once queue
// on the lock, and the second finds nothing left to do. A failure leaves the schema as
// it was (PostgreSQL's DDL is transactional).
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		return err
	}
	// The database's identity is recorded with its schema (backup_mark.go): a copy
	// restored from its dump then reads a mark that is not its own.
	own, err := s.ownIdentity(ctx)
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), '')))`, migrationLock); err != nil {
			return s.fail("lock the schema for migration", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER     PRIMARY KEY,
			name       TEXT        NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL
		)`); err != nil {
			if c, _ := pgCode(err); c == codeInvalidSchemaName {
				return paceline.Errorf(paceline.EUNAVAILABLE,
					"PostgreSQL at %s has none of the schemas in the URL's search_path (create the schema, or fix search_path)", s.addr)
			}
			return s.fail("create schema_migrations", err)
		}
		current, err := schemaVersion(ctx, tx)
		if err != nil {
			return s.fail("read the schema version", err)
		}
		if current > len(ms) {
			return paceline.Errorf(paceline.EUNAVAILABLE,
				"the database at %s has schema version %d but this paceline knows only up to %d: upgrade paceline to use it",
				s.where(), current, len(ms))
		}
		for _, m := range ms[current:] {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return s.fail("apply migration "+m.Name, err)
			}
			if _, err := tx.Exec(ctx,
				`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, s.now()); err != nil {
				return s.fail("record migration "+m.Name, err)
			}
		}
		if err := s.markIdentity(ctx, tx, own, false); err != nil {
			return err
		}
		s.migratedFrom, s.migratedTo = current, max(current, len(ms))
		return nil
	})
	var user *paceline.Error
	if err != nil && !errors.As(err, &user) {
		return s.fail("migrate the schema", err)
	}
	return err
}

// checkCurrent refuses a database whose schema is not this paceline's, changing
// nothing in it (OpenCurrent): one with no paceline tables (a wrong database name), one
// older (migrate is an operator's step) or newer.
func (s *Store) checkCurrent(ctx context.Context) error {
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		return err
	}
	var schema *string
	var hasTable bool
	if err := s.pool.QueryRow(ctx, `SELECT current_schema(), to_regclass('schema_migrations') IS NOT NULL`).Scan(&schema, &hasTable); err != nil {
		return s.fail("look for paceline's tables", err)
	}
	if schema == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"PostgreSQL at %s has none of the schemas in the URL's search_path (create the schema, or fix search_path)", s.addr)
	}
	current := 0
	if hasTable {
		if current, err = schemaVersion(ctx, s.pool); err != nil {
			return s.fail("read the schema version", err)
		}
	}
	where := s.addr + "/" + s.database
	if *schema != "public" {
		where += " (schema " + *schema + ")"
	}
	switch {
	case current == 0:
		return paceline.Errorf(paceline.ENOTFOUND,
			"PostgreSQL at %s holds no paceline tables: check the database name, or run paceline migrate --db %s to create them",
			where, ShownURL(s.url))
	case current > len(ms):
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"the database at %s has schema version %d but this paceline knows only up to %d: upgrade paceline to use it",
			s.where(), current, len(ms))
	case current < len(ms):
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"PostgreSQL at %s has paceline's schema version %d, older than this paceline's %d: run paceline migrate --db %s to upgrade it, then run this paceline in every serve and worker on it (an older one refuses the newer schema when it restarts)",
			where, current, len(ms), ShownURL(s.url))
	}
	s.migratedFrom, s.migratedTo = current, current
	return nil
}

// querier is what the pool and a transaction share for reads.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v *int
	if err := q.QueryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, err
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// SchemaVersion returns the number of the last migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.pool)
	if err != nil {
		return 0, s.fail("read the schema version", err)
	}
	return v, nil
}
