package main

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paceline/paceline/store/postgres/pgtest"
)

// runCLI runs paceline with args and returns its exit code, stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var out, errOut strings.Builder
	code := run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// schemaFiles returns a dialect's migration files (store/DIALECT/migrations) in
// version order.
func schemaFiles(t *testing.T, dialect string) []fs.DirEntry {
	t.Helper()
	dir := filepath.Join("..", "..", "store", dialect, "migrations")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries
}

// latestSchema is the schema version this paceline migrates to.
func latestSchema(t *testing.T) int { return len(schemaFiles(t, "sqlite")) }

// execer is what *sql.DB and a pgx connection are made to share here.
type execer func(ctx context.Context, sql string, args ...any) error

// buildSchemaAt gives a new database paceline's schema at version as an older
// paceline left it: its first migration files, recorded in schema_migrations, and
// none of River's tables.
func buildSchemaAt(t *testing.T, dialect string, version int, exec execer, placeholders [3]string) {
	t.Helper()
	ctx := context.Background()
	if err := exec(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "..", "store", dialect, "migrations")
	for _, e := range schemaFiles(t, dialect)[:version] {
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := exec(ctx, string(body)); err != nil {
			t.Fatalf("apply %s: %v", e.Name(), err)
		}
		var v int
		fmt.Sscanf(e.Name(), "%d_", &v)
		insert := fmt.Sprintf(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)`,
			placeholders[0], placeholders[1], placeholders[2])
		if err := exec(ctx, insert, v, strings.TrimSuffix(e.Name(), ".sql"), time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}
}

// sqliteAt returns a new SQLite file at paceline's schema version.
func sqliteAt(t *testing.T, version int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	buildSchemaAt(t, "sqlite", version, func(ctx context.Context, q string, args ...any) error {
		_, err := db.ExecContext(ctx, q, args...)
		return err
	}, [3]string{"?", "?", "?"})
	return path
}

// emptyPostgresSchema returns a URL on PACELINE_TEST_POSTGRES whose connections use a
// new, empty schema, dropped when the test ends, and the schema's name; it skips the
// test without a server.
func emptyPostgresSchema(t *testing.T) (db, schema string) {
	t.Helper()
	base := os.Getenv("PACELINE_TEST_POSTGRES")
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	return pgtest.Schema(t, base, "mp_")
}

// postgresAt returns a URL on a new schema at paceline's schema version.
func postgresAt(t *testing.T, version int) (db, schema string) {
	t.Helper()
	db, schema = emptyPostgresSchema(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	buildSchemaAt(t, "postgres", version, func(ctx context.Context, q string, args ...any) error {
		_, err := conn.Exec(ctx, q, args...)
		return err
	}, [3]string{"$1", "$2", "$3"})
	return db, schema
}

// postgresTables counts the tables in a schema.
func postgresTables(t *testing.T, schema string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, os.Getenv("PACELINE_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// postgresVersion reads paceline's schema version in a schema.
func postgresVersion(t *testing.T, db string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// migrate says how many migrations it applied and the versions, where it said "is up
// to date" after applying some; run again, it says the database is up to date.
func TestMigrateSaysWhatItApplied(t *testing.T) {
	t.Parallel()
	latest := latestSchema(t)
	for _, store := range []struct {
		name      string
		fresh     func(t *testing.T) string
		atVersion func(t *testing.T, version int) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "new.db") }, sqliteAt},
		{"PostgreSQL", func(t *testing.T) string { db, _ := emptyPostgresSchema(t); return db },
			func(t *testing.T, version int) string { db, _ := postgresAt(t, version); return db }},
	} {
		t.Run(store.name, func(t *testing.T) {
			t.Parallel()
			db := store.fresh(t)
			code, out, errOut := runCLI("migrate", "--db", db)
			want := fmt.Sprintf(": applied %d migrations: schema 0 -> %d.\n", latest, latest)
			if code != exitOK || !strings.Contains(out, want) || !strings.Contains(out, "job queue (River) schema 0 -> ") {
				t.Fatalf("migrate on a new database: exit %d, %q %q; want %q and the job queue's", code, out, errOut, want)
			}
			code, out, errOut = runCLI("migrate", "--db", db)
			want = fmt.Sprintf(" is up to date: schema %d.\n", latest)
			if code != exitOK || !strings.HasSuffix(out, want) || strings.Contains(out, "applied") {
				t.Fatalf("migrate again: exit %d, %q %q; want %q", code, out, errOut, want)
			}
			old := store.atVersion(t, latest-3)
			code, out, errOut = runCLI("migrate", "--db", old)
			want = fmt.Sprintf(": applied 3 migrations: schema %d -> %d.\n", latest-3, latest)
			if code != exitOK || !strings.Contains(out, want) {
				t.Fatalf("migrate an older database: exit %d, %q %q; want %q", code, out, errOut, want)
			}
		})
	}
}

// On PostgreSQL, a command other than migrate, serve and worker creates nothing in a
// database without paceline's tables (a mistyped database name): it says so, and how
// to create them, and exits non-zero.
func TestCommandsCreateNoTablesOnPostgres(t *testing.T) {
	t.Parallel()
	db, schema := emptyPostgresSchema(t)
	csv := writeFile(t, t.TempDir(), "l.csv", "first_name,last_name,profile_url\nAda,Lo,https://www.linkedin.com/in/ada-lo\n")
	for _, args := range [][]string{
		{"accounts", "list"},
		{"accounts", "add", "--name", "alice", "--type", "free"},
		{"leads", "import", csv, "--list", "founders"},
		{"campaigns", "status", "q1"},
		{"users", "list"},
	} {
		code, _, errOut := runCLI(append(args, "--db", db)...)
		if code != exitFailed || !strings.Contains(errOut, "holds no paceline tables: check the database name, or run paceline migrate --db ") ||
			!strings.Contains(errOut, pgWhere(t, db)+" (schema "+schema+")") {
			t.Errorf("%s on an empty database: exit %d, %q; want exit %d saying it holds no paceline tables", strings.Join(args, " "), code, errOut, exitFailed)
		}
	}
	if n := postgresTables(t, schema); n != 0 {
		t.Errorf("the commands left %d tables in the empty schema", n)
	}
}

// On PostgreSQL, a command other than migrate, serve and worker leaves an older
// schema as it is (an older worker still on it would refuse the upgraded one when it
// restarts) and says to run migrate; after migrate the command works.
func TestOlderPostgresSchemaIsLeftToMigrate(t *testing.T) {
	t.Parallel()
	latest := latestSchema(t)
	db, _ := postgresAt(t, latest-3)
	code, _, errOut := runCLI("accounts", "list", "--db", db)
	want := fmt.Sprintf("has paceline's schema version %d, older than this paceline's %d: run paceline migrate --db ", latest-3, latest)
	if code == exitOK || !strings.Contains(errOut, want) {
		t.Fatalf("accounts list on an older schema: exit %d, %q; want it refused saying %q", code, errOut, want)
	}
	if v := postgresVersion(t, db); v != latest-3 {
		t.Fatalf("accounts list moved the schema to %d", v)
	}
	if code, out, errOut := runCLI("migrate", "--db", db); code != exitOK {
		t.Fatalf("migrate: exit %d, %q %q", code, out, errOut)
	}
	if code, out, errOut := runCLI("accounts", "list", "--db", db); code != exitOK {
		t.Fatalf("accounts list after migrate: exit %d, %q %q", code, out, errOut)
	}
}

// On PostgreSQL a command that inserts jobs refuses a database whose job queue's
// tables are missing (one an older paceline's accounts add created) rather than
// creating them.
func TestMissingJobQueueIsLeftToMigrate(t *testing.T) {
	t.Parallel()
	db, schema := postgresAt(t, latestSchema(t))
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "accounts", "pause", "alice")
	code, _, errOut := runCLI("accounts", "resume", "alice", "--db", db)
	if code == exitOK || !strings.Contains(errOut, "holds none of the job queue's tables: run paceline migrate --db ") {
		t.Fatalf("accounts resume without River's tables: exit %d, %q", code, errOut)
	}
	if all, paceline := postgresTables(t, schema), pacelineTables(t, db); all != paceline {
		t.Fatalf("accounts resume created %d of River's tables", all-paceline)
	}
}

// pgWhere is how the messages name the database at db: host:port/database.
func pgWhere(t *testing.T, db string) string {
	t.Helper()
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	return "PostgreSQL at " + u.Hostname() + ":" + port + u.Path
}

// pacelineTables counts the tables in db's schema that are not River's.
func pacelineTables(t *testing.T, db string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'river\_%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// On SQLite every command that writes the file still upgrades it: the file lives with
// the one paceline binary that works it.
func TestSQLiteCommandsStillUpgrade(t *testing.T) {
	t.Parallel()
	latest := latestSchema(t)
	db := sqliteAt(t, latest-3)
	if code, out, errOut := runCLI("accounts", "list", "--db", db); code != exitOK {
		t.Fatalf("accounts list on an older SQLite file: exit %d, %q %q", code, out, errOut)
	}
	// River's tables are left to the commands that run or insert jobs.
	code, out, _ := runCLI("migrate", "--db", db)
	if want := fmt.Sprintf(": schema %d, up to date.\n", latest); code != exitOK || !strings.Contains(out, want) || strings.Contains(out, "applied") {
		t.Fatalf("migrate after accounts list: %q, want %q", out, want)
	}
}
