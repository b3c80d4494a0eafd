package runtime

import (
	"strings"

	"github.com/paceline/paceline"
)

// Explain turns the storage failures a user must act on into sentences that say so:
// a full disk (SQLite: "database or disk is full"; PostgreSQL: "No space left on
// device") is not a bug, and nothing is half-written (every tick's writes are
// transactions, and the outbox reconciles the rest), so the tick can be retried once
// there is room.
func Explain(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "disk is full") || strings.Contains(msg, "No space left on device") || strings.Contains(msg, "file too large"):
		return &explained{user: paceline.Errorf(paceline.EUNAVAILABLE,
			"the disk holding the database is full: free some space (nothing was half-written; paceline retries the tick)"), cause: err}
	case strings.Contains(msg, "disk I/O error"):
		// SQLite reports a write refused for want of room (a full disk, a file size
		// limit) as an I/O error when the journal cannot grow.
		return &explained{user: paceline.Errorf(paceline.EUNAVAILABLE,
			"the database file could not be written: the disk holding the database may be full or failing; free some space (nothing was half-written; paceline retries the tick)"), cause: err}
	}
	return err
}

// explained is a user-facing error that keeps its cause for logs.
type explained struct {
	user  *paceline.Error
	cause error
}

func (e *explained) Error() string   { return e.user.Error() + ": " + e.cause.Error() }
func (e *explained) Unwrap() []error { return []error{e.user, e.cause} }
