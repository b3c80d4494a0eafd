// Package pgtest gives tests a PostgreSQL schema of their own: the tests of several
// packages (webhook, runtime, cmd/paceline) run against the server PACELINE_TEST_POSTGRES
// names, each in a fresh schema dropped when the test ends, so they never see each
// other's tables.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Schema creates a schema named prefix and 12 random hex digits on the server at base
// (a postgres:// URL), drops it with everything in it when tb ends, and returns the URL
// whose connections work in it (search_path) and the schema's name.
func Schema(tb testing.TB, base, prefix string) (db, schema string) {
	tb.Helper()
	ctx := context.Background()
	var b [6]byte
	rand.Read(b[:])
	schema = prefix + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}
