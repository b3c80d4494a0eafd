package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// holdWriteLock holds the write lock of the database at path on a connection of its
// own, as a sqlite3 shell in "begin exclusive" does, until the returned func.
func holdWriteLock(t *testing.T, path string) func() {
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
	return func() {
		conn.ExecContext(ctx, "ROLLBACK")
		conn.Close()
		db.Close()
	}
}

// A database another connection holds is told as locked by another process, with how
// to find it, in the wait given rather than the stores' two minutes; free, it probes
// clean and reads go on throughout.
func TestProbeWriteTellsALockedDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.ProbeWrite(ctx, 0); err != nil {
		t.Fatalf("probe of a free database: %v", err)
	}
	release := holdWriteLock(t, path)
	err = st.ProbeWrite(ctx, 10*time.Millisecond)
	if !sqlite.IsLocked(err) || paceline.ErrorCode(err) != paceline.EUNAVAILABLE ||
		!strings.Contains(paceline.ErrorMessage(err), "database "+path+" is locked by another process") ||
		!strings.Contains(paceline.ErrorMessage(err), "fuser -v "+path) {
		t.Errorf("probe of a locked database: %v (code %s)", err, paceline.ErrorCode(err))
	}
	if _, err := st.Accounts(ctx); err != nil {
		t.Errorf("a read while locked: %v", err)
	}
	release()
	if err := st.ProbeWrite(ctx, 0); err != nil {
		t.Errorf("probe once released: %v", err)
	}
}
