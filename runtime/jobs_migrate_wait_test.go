package runtime_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/sqlite"
)

// The review found that a serve or worker waited without end, and without a word, for
// a migration lock that a stuck session held. The wait is bounded (here by the URL's
// lock_timeout) and the error names the session holding the lock and how to end it.
func TestMigrationLockWaitIsBoundedAndNamesTheHolder(t *testing.T) {
	base := os.Getenv("PACELINE_TEST_POSTGRES")
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	t.Parallel()
	db := newSchema(t, base)
	ctx := context.Background()
	holder, err := pgx.Connect(ctx, db+"&application_name=stuck-migration")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close(ctx)
	var pid int
	if err := holder.QueryRow(ctx, `SELECT pg_backend_pid() FROM (SELECT pg_advisory_lock($1, hashtext(coalesce(current_schema(), '')))) l`,
		0x72697672).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.New(ctx, db+"&lock_timeout=1s")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	jobs, err := runtime.NewPostgresJobs(pool, nil, runtime.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Only for a failure: without a bound the migration waits until this ends.
	waitCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	err = jobs.Migrate(waitCtx)
	if err == nil {
		t.Fatal("the migration ran while another session held its lock")
	}
	for _, want := range []string{"waited 1s", "application stuck-migration", fmt.Sprintf("pg_terminate_backend(%d)", pid)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// A job queue schema newer than this paceline's River knows is refused, where River's
// migrator applied nothing and said nothing: on SQLite and, when one is given, on
// PostgreSQL.
func TestMigrateRefusesANewerJobQueueSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		jdb, err := st.JobDB()
		if err != nil {
			t.Fatal(err)
		}
		defer jdb.Close()
		jobs, err := runtime.NewSQLiteJobs(jdb, nil, runtime.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := jobs.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := jdb.ExecContext(ctx, `INSERT INTO river_migration (line, version) VALUES ('main', 999)`); err != nil {
			t.Fatal(err)
		}
		checkNewerRefused(t, jobs.Migrate(ctx))
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("PACELINE_TEST_POSTGRES")
		if base == "" {
			t.Skip("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
		}
		t.Parallel()
		pool, err := pgxpool.New(ctx, newSchema(t, base))
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		jobs, err := runtime.NewPostgresJobs(pool, nil, runtime.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := jobs.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `INSERT INTO river_migration (line, version) VALUES ('main', 999)`); err != nil {
			t.Fatal(err)
		}
		checkNewerRefused(t, jobs.Migrate(ctx))
	})
}

func checkNewerRefused(t *testing.T, err error) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), "version 999, newer than this paceline knows") {
		t.Errorf("migrating a job queue at version 999: %v, want it refused as newer", err)
	}
}
