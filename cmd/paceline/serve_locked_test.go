package main

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/store/sqlite"
	"github.com/prometheus/client_golang/prometheus"
)

// lockDatabaseFile holds the write lock of the SQLite file path as QA's sqlite3 shell
// did ("begin exclusive"), until the returned func.
func lockDatabaseFile(t *testing.T, path string) func() {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	return func() { conn.ExecContext(ctx, "ROLLBACK"); conn.Close(); db.Close() }
}

// /readyz said ready while a sqlite3 shell held the database for 40 s and no tick
// could record anything: once the lock has stayed out of reach for lockedUnreadyAfter
// it answers 503, naming the lock, until it is free. A shorter hold (serve's own
// import, which a probe on its own connection cannot tell from another's) is no reason
// for a load balancer to take serve away.
func TestReadyzFailsWhileTheDatabaseIsLocked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	mux := (&app{}).serveMux(prometheus.NewRegistry(), readinessAt(ctx, st, func() time.Time { return clock }), nil)
	readyz := func() (int, string) {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := readyz(); code != http.StatusOK {
		t.Fatalf("readyz on a free database: %d %q", code, body)
	}
	release := lockDatabaseFile(t, db)
	if code, body := readyz(); code != http.StatusOK {
		t.Errorf("readyz as the database is locked: %d %q, want ready until the lock lasts", code, body)
	}
	clock = clock.Add(lockedUnreadyAfter)
	code, body := readyz()
	release()
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "is locked by another process") || !strings.Contains(body, "fuser -v") {
		t.Errorf("readyz on a database locked for %s: %d %q, want 503 naming the lock", lockedUnreadyAfter, code, body)
	}
	if code, body := readyz(); code != http.StatusOK {
		t.Errorf("readyz once the lock is free: %d %q", code, body)
	}
}

// Serve waited 49 s at start for a locked database, printing nothing: after a few
// seconds (sayWhileLocked) it says that another process holds the lock and how to
// find it. Nothing is said of a database nobody holds, or of one not made yet.
func TestLockedNoticeSaysWhoToLookFor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if got := lockedNotice(ctx, "serve", db); got != "" {
		t.Errorf("notice with no database: %q", got)
	}
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	if got := lockedNotice(ctx, "serve", db); got != "" {
		t.Errorf("notice on a free database: %q", got)
	}
	release := lockDatabaseFile(t, db)
	got := lockedNotice(ctx, "serve", db)
	release()
	for _, want := range []string{"serve is waiting for the database " + db + ": another process holds its write lock", "fuser -v " + db, "lsof " + db, "gives up after 2 minutes"} {
		if !strings.Contains(got, want) {
			t.Errorf("notice on a locked database: %q, want %q in it", got, want)
		}
	}
}
