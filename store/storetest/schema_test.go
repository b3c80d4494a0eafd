package storetest_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// The two dialect folders must describe one schema: the same tables with the same
// columns, each NOT NULL in both or in neither. Types differ on purpose (TIMESTAMP and
// timestamptz, INTEGER and BIGINT), names and nullability may not. A migration added to
// one folder only, or a column forgotten in one, fails here before it fails a user.
func TestDialectsHaveOneSchema(t *testing.T) {
	t.Parallel()
	base := os.Getenv("PACELINE_TEST_POSTGRES")
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set PACELINE_TEST_POSTGRES=postgres://... to run them")
	}
	lite := sqliteColumns(t)
	pg := postgresColumns(t, base)
	if !reflect.DeepEqual(lite, pg) {
		t.Fatalf("schemas differ\nSQLite:     %v\nPostgreSQL: %v", diff(lite, pg), diff(pg, lite))
	}
	if len(lite) == 0 {
		t.Fatal("no columns read")
	}
}

// column is "table.column" with " NOT NULL" when the column refuses NULL.
func sqliteColumns(t *testing.T) []string {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT m.name, c.name, c."notnull" OR c.pk > 0
		FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var table, col string
		var notNull bool
		if err := rows.Scan(&table, &col, &notNull); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, column(table, col, notNull))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(cols)
	return cols
}

func postgresColumns(t *testing.T, base string) []string {
	ctx := context.Background()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := postgres.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rows, err := conn.Query(ctx, `SELECT table_name, column_name, is_nullable = 'NO'
		FROM information_schema.columns WHERE table_schema = $1`, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var table, col string
		var notNull bool
		if err := rows.Scan(&table, &col, &notNull); err != nil {
			t.Fatal(err)
		}
		if postgresOnly[table] {
			continue
		}
		cols = append(cols, column(table, col, notNull))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(cols)
	return cols
}

// postgresOnly names the tables the PostgreSQL store keeps for itself, outside the
// numbered migrations: database_identity, the mark that tells a restored copy
// (store/postgres/backup_mark.go); a SQLite copy is marked in its header instead
// (user_version, store/sqlite/backup_mark.go).
var postgresOnly = map[string]bool{"database_identity": true}

func column(table, col string, notNull bool) string {
	if notNull {
		return table + "." + col + " NOT NULL"
	}
	return table + "." + col
}

// diff returns the entries of a that b lacks.
func diff(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}
