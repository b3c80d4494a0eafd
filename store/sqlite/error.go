package sqlite

import (
	"errors"
	"fmt"

	"github.com/paceline/paceline"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteCode returns the extended SQLite result code of err, or 0 when err did not come
// from SQLite.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// isUnique reports a UNIQUE or PRIMARY KEY violation: the row already exists.
func isUnique(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isForeignKey reports a row that names a parent (an account) that does not exist.
func isForeignKey(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// openError turns a failure to open or first write the file into a sentence that names
// the path and says what to check. Errors that are not about the file stay internal.
func openError(path string, err error) error {
	var why string
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_CANTOPEN:
		why = "cannot be opened or created (check that its directory exists and that you may write there)"
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		why = "is read-only (check the permissions of the file and of its directory)"
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		why = "is not a paceline database (or is damaged); use another file"
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL:
		why = "cannot be read or written (check the disk: is it full or gone?)"
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		why = "is locked by another process for too long (try again, or stop the other paceline)"
	default:
		return fmt.Errorf("open database %s: %w", path, err)
	}
	return &withCause{user: paceline.Errorf(paceline.EUNAVAILABLE, "database %s %s", path, why), cause: err}
}

// withCause is a user-facing *paceline.Error that keeps the driver's error for logs and
// errors.Is, without showing it in the sentence.
type withCause struct {
	user  *paceline.Error
	cause error
}

func (w *withCause) Error() string { return w.user.Error() }

// Unwrap returns both the user-facing error and its cause.
func (w *withCause) Unwrap() []error { return []error{w.user, w.cause} }

// failing wraps an error with what the store was doing; row.All wraps an error of a
// result set with it.
func failing(what string) func(error) error {
	return func(err error) error { return fmt.Errorf("%s: %w", what, err) }
}
