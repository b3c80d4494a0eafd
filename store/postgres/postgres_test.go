package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
)

// urlVar names the environment variable that holds the test server's URL.
const urlVar = "PACELINE_TEST_POSTGRES"

// skipMessage is what the test log says when there is no server to test against.
const skipMessage = "PostgreSQL tests skipped: set " + urlVar + "=postgres://... to run them"

// TestMain says once, without -v, that the PostgreSQL tests were skipped: a t.Skip
// message shows only with -v, and a CI log that just says "ok" would hide it.
func TestMain(m *testing.M) {
	if os.Getenv(urlVar) == "" {
		fmt.Fprintln(os.Stderr, skipMessage)
	}
	os.Exit(m.Run())
}

// serverURL returns the test server's URL, or skips the test.
func serverURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(urlVar)
	if u == "" {
		t.Skip(skipMessage)
	}
	return u
}

// clock is a fixed instant with sub-second digits, so precision loss would show.
var clock = time.Date(2026, 3, 2, 9, 30, 15, 123456789, time.UTC)

// newSchema creates an empty schema of its own for one test, drops it (and everything
// in it) when the test ends, and returns a URL whose connections use it: tests then run
// in parallel on one database without seeing each other's rows.
func newSchema(t testing.TB) string {
	t.Helper()
	base := serverURL(t)
	ctx := context.Background()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", urlVar, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", urlVar, err)
	}
	return withQuery(u, "search_path", schema)
}

// openTest opens a store in a fresh schema, with a fixed clock.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), newSchema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.NowFunc = func() time.Time { return clock }
	t.Cleanup(func() { s.Close() })
	return s
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := paceline.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

// filepathGlob returns the base names of the files matching pattern, sorted.
func filepathGlob(pattern string) ([]string, error) {
	paths, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		paths[i] = filepath.Base(p)
	}
	sort.Strings(paths)
	return paths, nil
}

// withQuery returns u with the query parameter key set to value.
func withQuery(u *url.URL, key, value string) string {
	c := *u
	q := c.Query()
	q.Set(key, value)
	c.RawQuery = q.Encode()
	return c.String()
}
