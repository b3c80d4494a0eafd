package runtime

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/rivermigrate"
)

// riverMigrationLock is the first key of the advisory lock held while River's
// migrations run on PostgreSQL ("rivr" in ASCII); the second is the schema's, as for
// paceline's own migrations (store/postgres), so that databases in different schemas
// of one server migrate independently.
const riverMigrationLock = 0x72697672

// migratePostgres runs River's migrator under a session-level advisory lock. River
// applies each migration in a transaction of its own, after reading which ones the
// database has: without the lock, workers started together on a new database all read
// "none" and all create River's tables, and all but one fail (duplicate key in
// pg_type). The lock is held on a connection of its own, not one of the pool's, so
// that a pool of one connection (pool_max_conns=1) is left to the migrator; ending
// that connection releases the lock, even when this process dies.
func migratePostgres(ctx context.Context, pool *pgxpool.Pool, m *rivermigrate.Migrator[pgx.Tx]) error {
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("connect to lock the job queue's schema: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext(coalesce(current_schema(), '')))`, riverMigrationLock); err != nil {
		return fmt.Errorf("lock the job queue's schema for migration: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock($1, hashtext(coalesce(current_schema(), '')))`, riverMigrationLock); err != nil {
		return fmt.Errorf("unlock the job queue's schema: %w", err)
	}
	return nil
}

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
	if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit the job queue's migrations: %w", err)
	}
	return nil
}
