package runtime

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paceline/paceline"
	"github.com/riverqueue/river/rivermigrate"
)

// riverMigrationLock is the first key of the advisory lock held while River's
// migrations run on PostgreSQL ("rivr" in ASCII); the second is the schema's, as for
// paceline's own migrations (store/postgres), so that databases in different schemas
// of one server migrate independently.
const riverMigrationLock = 0x72697672

// migrationLockWait is how long a process waits for another's River migrations
// before it gives up and says who holds the lock, unless the database URL sets
// lock_timeout. River's migrations take seconds; one still holding the lock after
// this is most likely stuck, and waiting without end hung every serve and worker
// start without a word.
const migrationLockWait = 2 * time.Minute

// migratePostgres runs River's migrator under a session-level advisory lock. River
// applies each migration in a transaction of its own, after reading which ones the
// database has: without the lock, workers started together on a new database all read
// "none" and all create River's tables, and all but one fail (duplicate key in
// pg_type). The lock is held on a connection of its own, not one of the pool's, so
// that a pool of one connection (pool_max_conns=1) is left to the migrator; ending
// that connection releases the lock, even when this process dies. The wait for the
// lock is bounded (migrationLockWait, or the URL's lock_timeout): past it, the error
// names the PostgreSQL session holding it.
func migratePostgres(ctx context.Context, pool *pgxpool.Pool, m *rivermigrate.Migrator[pgx.Tx]) error {
	cfg := pool.Config().ConnConfig.Copy()
	wait, set := cfg.RuntimeParams["lock_timeout"]
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect to lock the job queue's schema: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if !set {
		wait = migrationLockWait.String()
		if _, err := conn.Exec(ctx, fmt.Sprintf("SET lock_timeout = %d", migrationLockWait.Milliseconds())); err != nil {
			return fmt.Errorf("bound the wait for the job queue's migration lock: %w", err)
		}
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext(coalesce(current_schema(), '')))`, riverMigrationLock); err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
			return migrationLockHeld(context.WithoutCancel(ctx), conn, wait)
		}
		return fmt.Errorf("lock the job queue's schema for migration: %w", err)
	}
	current := 0
	var table *string
	if err := conn.QueryRow(ctx, `SELECT to_regclass('river_migration')::text`).Scan(&table); err != nil {
		return fmt.Errorf("look for the job queue's tables: %w", err)
	}
	if table != nil {
		if err := conn.QueryRow(ctx, postgresRiverVersion).Scan(&current); err != nil {
			return fmt.Errorf("read the job queue's schema version: %w", err)
		}
	}
	if err := newerSchema(m, current); err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock($1, hashtext(coalesce(current_schema(), '')))`, riverMigrationLock); err != nil {
		return fmt.Errorf("unlock the job queue's schema: %w", err)
	}
	return nil
}

// migrationLockHeld is the error of a wait for the migration lock that timed out: it
// names the session holding the lock, as far as this role may see it, and how to end
// it if it is stuck.
func migrationLockHeld(ctx context.Context, conn *pgx.Conn, wait string) error {
	var (
		pid                        int
		user, app, from, state, qu string
		since                      *time.Time
	)
	err := conn.QueryRow(ctx, `
SELECT a.pid, coalesce(a.usename::text, ''), coalesce(a.application_name, ''),
       coalesce(host(a.client_addr), ''), a.backend_start, coalesce(a.state, ''), left(coalesce(a.query, ''), 200)
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
   AND l.classid::bigint = $1
   AND l.objid::bigint = (hashtext(coalesce(current_schema(), ''))::bigint & 4294967295)
 LIMIT 1`, riverMigrationLock).Scan(&pid, &user, &app, &from, &since, &state, &qu)
	if err != nil {
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"waited %s for another process's job queue migrations (PostgreSQL's lock on them), which then ended: start again", wait)
	}
	who := fmt.Sprintf("PostgreSQL session %d", pid)
	var about []string
	if user != "" {
		about = append(about, "user "+user)
	}
	if app != "" {
		about = append(about, "application "+app)
	}
	if from != "" {
		about = append(about, "from "+from)
	}
	if since != nil {
		about = append(about, "connected since "+since.UTC().Format("2006-01-02 15:04:05")+" UTC")
	}
	if state != "" {
		about = append(about, state)
	}
	if qu != "" {
		about = append(about, "last query: "+strings.Join(strings.Fields(qu), " "))
	}
	if len(about) > 0 {
		who += " (" + strings.Join(about, ", ") + ")"
	}
	return paceline.Errorf(paceline.EUNAVAILABLE,
		"waited %s for the job queue's migrations, locked by %s: if another paceline is migrating, let it finish and start again; if that session is stuck, end it with SELECT pg_terminate_backend(%d); then start again (lock_timeout in the database URL sets how long to wait)",
		wait, who, pid)
}

// newerSchema refuses a job queue schema newer than this paceline's River knows,
// current being the highest version the database has applied: River's migrator would
// apply nothing and say nothing, and this paceline would then run on tables it does
// not know.
func newerSchema[TTx any](m *rivermigrate.Migrator[TTx], current int) error {
	known := 0
	for _, v := range m.AllVersions() {
		known = max(known, v.Version)
	}
	if current > known {
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"the job queue's schema is at version %d, newer than this paceline knows (%d): a newer paceline migrated it; upgrade this one to use the database", current, known)
	}
	return nil
}

// River's own reading of the applied versions (ExistingVersions) fails on one it does
// not know ("migration N not found in migrator bundle"), so these read its table.
const (
	// postgresRiverVersion is the highest version of River's main line applied in the
	// current schema, 0 without River's tables; river_migration had no line column
	// before River's version 5.
	postgresRiverVersion = `
SELECT coalesce(max(version), 0) FROM river_migration r
 WHERE coalesce(to_jsonb(r)->>'line', 'main') = 'main'`
	sqliteRiverVersion = `SELECT coalesce(max(version), 0) FROM river_migration WHERE line = 'main'`
)

// migrateSQLite runs River's migrator in one write transaction: the pool's
// transactions are IMMEDIATE, so a second process (or a second migrate) waits for
// the write lock under the busy timeout, then finds every migration applied. River
// deprecates MigrateTx because some PostgreSQL migrations must commit before the next
// one; SQLite's DDL is transactional and its migrations have no such step, and the
// single transaction is also what leaves a failed migration with nothing half done.
func migrateSQLite(ctx context.Context, db *sql.DB, m *rivermigrate.Migrator[*sql.Tx]) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("lock the database for the job queue's migrations: %w", err)
	}
	defer tx.Rollback()
	var tables, current int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'river_migration'`).Scan(&tables); err != nil {
		return fmt.Errorf("look for the job queue's tables: %w", err)
	}
	if tables > 0 {
		if err := tx.QueryRowContext(ctx, sqliteRiverVersion).Scan(&current); err != nil {
			return fmt.Errorf("read the job queue's schema version: %w", err)
		}
	}
	if err := newerSchema(m, current); err != nil {
		return err
	}
	if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit the job queue's migrations: %w", err)
	}
	return nil
}
