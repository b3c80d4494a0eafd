package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	sqlite3 "modernc.org/sqlite/lib"
)

// ProbeWrite begins a write transaction on the database file at path and rolls it
// back, waiting at most wait for the write lock. Every connection of a Store waits two
// minutes for it (dsn's busy timeout), silently: a database held by another process
// (a sqlite3 shell in a transaction, another program) kept serve starting for 49 s
// without a word, and /readyz answered ready meanwhile. The probe lets them say so.
// Errors: EUNAVAILABLE naming the lock, and how to find its holder, when the lock
// cannot be had in time; the driver's error, wrapped, for anything else.
func ProbeWrite(ctx context.Context, path string, wait time.Duration) error {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", wait.Milliseconds()))
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", fileURI(path)+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("probe database %s: %w", path, err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		if IsLocked(err) {
			return &withCause{user: lockedError(path, wait), cause: err}
		}
		return fmt.Errorf("probe database %s: %w", path, err)
	}
	if err := tx.Rollback(); err != nil {
		return fmt.Errorf("probe database %s: %w", path, err)
	}
	return nil
}

// ProbeWrite is ProbeWrite on the store's file.
func (s *Store) ProbeWrite(ctx context.Context, wait time.Duration) error {
	return ProbeWrite(ctx, s.path, wait)
}

// IsLocked reports whether err is SQLite's "database is locked": another connection
// held the lock past the busy timeout.
func IsLocked(err error) bool {
	c := sqliteCode(err) & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}

// lockedError says that another process holds the write lock of the database at path
// (for longer than wait), and how to find which.
func lockedError(path string, wait time.Duration) *paceline.Error {
	return paceline.Errorf(paceline.EUNAVAILABLE,
		"database %s is locked by another process (no write could begin within %s): %s",
		path, wait, FindLockHolder(path))
}

// FindLockHolder is the sentence that tells how to find the process holding the
// database at path: the commands that list the processes with its files open.
func FindLockHolder(path string) string {
	q := shellword.Quote
	return fmt.Sprintf("find it with fuser -v %s %s %s (or lsof %s) and end its transaction or stop it",
		q(path), q(path+"-wal"), q(path+"-shm"), q(path))
}
