package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paceline/paceline"
)

// PostgreSQL's SQLSTATE codes the store tells apart.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
	codeInvalidPassword     = "28P01"
	codeInvalidAuth         = "28000"
	codeNoSuchDatabase      = "3D000"
	codeInvalidSchemaName   = "3F000"
	codeTooManyConnections  = "53300"
	codeCannotConnectNow    = "57P03"
	codeAdminShutdown       = "57P01"
)

// pgCode returns the SQLSTATE and constraint of a server error, or "" for any other
// error.
func pgCode(err error) (code, constraint string) {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code, e.ConstraintName
	}
	return "", ""
}

// isUnique reports a violation of the named UNIQUE constraint.
func isUnique(err error, constraint string) bool {
	c, name := pgCode(err)
	return c == codeUniqueViolation && name == constraint
}

// isForeignKey reports a row that names a parent (an account) that does not exist.
func isForeignKey(err error) bool {
	c, _ := pgCode(err)
	return c == codeForeignKeyViolation
}

// connectError turns a failure to connect into a sentence that names the server and
// says what to check. The driver's own error, which names user and database but never
// the password, is kept for logs.
func (s *Store) connectError(user, database string, err error) error {
	var why string
	switch code, _ := pgCode(err); {
	case code == codeInvalidPassword || code == codeInvalidAuth:
		why = fmt.Sprintf("refused to log user %q in (check the user name and password in the URL, and the server's pg_hba.conf)", user)
	case code == codeNoSuchDatabase:
		why = fmt.Sprintf("has no database %q (create it with createdb %s, or fix the database name in the URL)", database, database)
	case code == codeTooManyConnections:
		why = "has no connection slot left (lower pool_max_conns in the URL, or raise max_connections on the server)"
	case code == codeCannotConnectNow || code == codeAdminShutdown:
		why = "is starting up or shutting down (try again in a moment)"
	case code != "":
		return fmt.Errorf("connect to PostgreSQL at %s: %w", s.addr, err)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("connect to PostgreSQL at %s: %w", s.addr, err)
	case errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err):
		why = "did not answer in time (check that the server is running and that host and port in the URL are right, and that no firewall drops the connection)"
	default:
		why = "cannot be reached (check that the server is running, that host and port in the URL are right, and that it accepts TCP connections from this machine)"
	}
	return &withCause{user: paceline.Errorf(paceline.EUNAVAILABLE, "PostgreSQL at %s %s", s.addr, why), cause: err}
}

// fail wraps the error of a query with what the store was doing. A connection lost
// mid-run is the user's problem to fix (or to wait out), not a bug: it becomes
// EUNAVAILABLE naming the server, so that callers can retry and tell the user.
func (s *Store) fail(what string, err error) error {
	if lost(err) {
		return &withCause{user: paceline.Errorf(paceline.EUNAVAILABLE,
			"lost the connection to PostgreSQL at %s while trying to %s (check that the server is up; paceline retries)", s.where(), what),
			cause: err}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// where names the database in messages a running process logs: host:port and the
// database's name, so that a worker on a restored copy is told from the live one's
// beside it on the same server (never the password).
func (s *Store) where() string {
	if s.database == "" {
		return s.addr
	}
	return s.addr + "/" + s.database
}

// lost reports an error that means the server went away, rather than one the server
// answered with.
func lost(err error) bool {
	// The caller's own deadline or cancellation is not the server's doing (and
	// context.DeadlineExceeded would pass for a net.Error below).
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if c, _ := pgCode(err); c != "" {
		return c == codeAdminShutdown || c == codeCannotConnectNow
	}
	var (
		ne net.Error
		ce *pgconn.ConnectError
	)
	return errors.As(err, &ce) || errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
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

// failing is fail for what, as a function: row.All wraps an error of a result set
// with it.
func (s *Store) failing(what string) func(error) error {
	return func(err error) error { return s.fail(what, err) }
}
