package postgres

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/migration"
)

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		s, err := Open(ctx, u)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var rows int
		if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if v != len(ms) || rows != len(ms) {
			t.Fatalf("open #%d: version %d with %d rows, want %d and %d", i+1, v, rows, len(ms), len(ms))
		}
		s.Close()
	}
}

// Several workers starting at once on a new database must not both migrate: without
// the advisory lock, the second CREATE TABLE fails or a migration is applied twice.
func TestOpenConcurrentlyOnNewSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	var wg sync.WaitGroup
	stores := make([]*Store, 6)
	errs := make([]error, len(stores))
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(ctx, u)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("open #%d: %v", i, err)
		}
		defer stores[i].Close()
	}
	var rows, distinct int
	if err := stores[0].pool.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != distinct || rows == 0 {
		t.Fatalf("schema_migrations holds %d rows for %d versions, want each version once", rows, distinct)
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_migrations VALUES (999, '0999_future', $1)`, clock); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, err = Open(ctx, u)
	wantCode(t, err, paceline.EUNAVAILABLE)
	for _, part := range []string{"127.0.0.1:5432", "999", "upgrade paceline"} {
		if !strings.Contains(paceline.ErrorMessage(err), part) {
			t.Errorf("message %q does not mention %q", paceline.ErrorMessage(err), part)
		}
	}
}

// A server that does not answer is the user's to fix: the message names host:port and
// what to check, and never the password that was in the URL.
func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	// Port 1 on the loopback: nothing listens there, and the refusal is immediate.
	_, err := Open(context.Background(), "postgres://paceline:s3cret-pw@127.0.0.1:1/paceline?sslmode=disable")
	wantCode(t, err, paceline.EUNAVAILABLE)
	msg := paceline.ErrorMessage(err)
	for _, part := range []string{"127.0.0.1:1", "cannot be reached", "check that the server is running"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q does not say %q", msg, part)
		}
	}
	if strings.Contains(msg, "s3cret") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("message %q shows the password", msg)
	}
}

func TestOpenBadURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "  ", "postgres://user:s3cret-pw@host:notaport/db", "postgres://user:s3cret-pw@host/db?sslmode=sometimes"} {
		_, err := Open(context.Background(), u)
		wantCode(t, err, paceline.EINVALID)
		msg := paceline.ErrorMessage(err)
		if !strings.HasPrefix(msg, "db: ") || strings.Contains(msg, "s3cret") {
			t.Errorf("Open(%q): message %q should name the db flag and not show the password", u, msg)
		}
	}
}

// A server that answers but refuses: the message says which of user or database to fix.
func TestOpenRefused(t *testing.T) {
	t.Parallel()
	base, err := url.Parse(serverURL(t))
	if err != nil {
		t.Fatal(err)
	}
	noDB := *base
	noDB.Path = "/paceline_no_such_db"
	noUser := *base
	noUser.User = url.UserPassword("paceline_no_such_role", "s3cret-pw")
	tests := []struct {
		name, url string
		want      []string
	}{
		{"no such database", noDB.String(), []string{base.Host, `no database "paceline_no_such_db"`, "createdb"}},
		{"no such user", noUser.String(), []string{base.Host, `"paceline_no_such_role"`, "password"}},
		{"no such schema", withQuery(base, "search_path", "paceline_no_such_schema"), []string{base.Host, "search_path"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Open(context.Background(), tt.url)
			wantCode(t, err, paceline.EUNAVAILABLE)
			msg := paceline.ErrorMessage(err)
			for _, part := range tt.want {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q does not say %q", msg, part)
				}
			}
			if strings.Contains(msg, "s3cret") {
				t.Errorf("message %q shows the password", msg)
			}
		})
	}
}

// A connection the server drops mid-run (a restart, a failover) gives EUNAVAILABLE
// naming the server, not an internal error; the pool then reconnects by itself. The
// store's query is made to wait on a lock the test holds, so that the connection is
// dropped while in use (an idle one the pool would ping and replace unseen).
func TestConnectionLostMidRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u, err := url.Parse(newSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	app := "paceline-test-" + u.Query().Get("search_path")
	s, err := Open(ctx, withQuery(u, "application_name", app))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	admin, err := pgx.Connect(ctx, withQuery(u, "application_name", app+"-admin"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	tx, err := admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.Accounts(ctx)
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var killed int
		if err := tx.QueryRow(ctx, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock'`, app).Scan(&killed); err != nil {
			t.Fatal(err)
		}
		if killed == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the store's query never waited on the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	err = <-done
	wantCode(t, err, paceline.EUNAVAILABLE)
	if msg := paceline.ErrorMessage(err); !strings.Contains(msg, u.Host) || !strings.Contains(msg, "list accounts") {
		t.Errorf("message %q should name the server and what failed", msg)
	}
	tx.Rollback(ctx)
	if _, err := s.Accounts(ctx); err != nil {
		t.Fatalf("after the pool reconnects: %v", err)
	}
}

// The two dialect folders hold the same numbered steps: a migration added to one and
// not the other would leave the stores with different schemas.
func TestMigrationsMatchSQLite(t *testing.T) {
	t.Parallel()
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	lite, err := filepathGlob("../sqlite/migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(ms) {
		t.Fatalf("%d PostgreSQL migrations, %d SQLite ones", len(ms), len(lite))
	}
	for i, m := range ms {
		if want := strings.TrimSuffix(lite[i], ".sql"); m.Name != want {
			t.Errorf("migration %d is %s here and %s in store/sqlite", i+1, m.Name, want)
		}
	}
}
