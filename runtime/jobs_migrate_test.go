package runtime_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/postgres/pgtest"
	"github.com/paceline/paceline/store/sqlite"
)

// concurrentMigrations is how many processes the tests start together on one new
// database, as an operator starting workers (or running migrate) in parallel does.
const concurrentMigrations = 6

// migrateTogether runs migrate in concurrentMigrations goroutines at once and fails
// the test for every one that fails.
func migrateTogether(t *testing.T, migrate func(ctx context.Context) error) {
	t.Helper()
	ctx := context.Background()
	start := make(chan struct{})
	errs := make([]error, concurrentMigrations)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			<-start
			errs[i] = migrate(ctx)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("migration %d of %d: %v", i+1, len(errs), err)
		}
	}
}

// checkJobsCurrent fails the test unless jobs finds River's schema current.
func checkJobsCurrent(t *testing.T, jobs runtime.Jobs) {
	t.Helper()
	current, latest, err := jobs.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if latest == 0 || current != latest {
		t.Errorf("job queue's schema at version %d after the migrations, want %d", current, latest)
	}
}

// Workers and migrates started together on a new SQLite file all succeed: paceline's
// migrations and River's each run in one write transaction, the others waiting for it.
func TestConcurrentMigrationsSQLite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new.db")
	migrateTogether(t, func(ctx context.Context) error {
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			return err
		}
		defer st.Close()
		jdb, err := st.JobDB()
		if err != nil {
			return err
		}
		defer jdb.Close()
		jobs, err := runtime.NewSQLiteJobs(jdb, nil, runtime.Options{})
		if err != nil {
			return err
		}
		return jobs.Migrate(ctx)
	})
	st, err := sqlite.Open(context.Background(), path)
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
	checkJobsCurrent(t, jobs)
}

// Workers and migrates started together on a new PostgreSQL schema all succeed:
// River's migrations are applied under an advisory lock as paceline's are, where they
// failed with a duplicate key in pg_type_typname_nsp_index.
func TestConcurrentMigrationsPostgres(t *testing.T) {
	base := os.Getenv("PACELINE_TEST_POSTGRES")
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	t.Parallel()
	db := newSchema(t, base)
	migrateTogether(t, func(ctx context.Context) error {
		st, err := postgres.Open(ctx, db)
		if err != nil {
			return err
		}
		defer st.Close()
		// A pool of one connection, as pool_max_conns=1 gives: the lock must not
		// take the connection the migrator needs.
		cfg, err := pgxpool.ParseConfig(db)
		if err != nil {
			return err
		}
		cfg.MaxConns = 1
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			return err
		}
		defer pool.Close()
		jobs, err := runtime.NewPostgresJobs(pool, nil, runtime.Options{})
		if err != nil {
			return err
		}
		return jobs.Migrate(ctx)
	})
	st, err := postgres.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	jobs, err := runtime.NewPostgresJobs(st.Pool(), nil, runtime.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkJobsCurrent(t, jobs)
}

// newSchema creates an empty schema on the server at base, dropped when the test
// ends, and returns the URL that works in it.
func newSchema(t *testing.T, base string) string {
	t.Helper()
	db, _ := pgtest.Schema(t, base, "mg_")
	return db
}
