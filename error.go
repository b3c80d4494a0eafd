package paceline

import (
	"errors"
	"fmt"
)

// Error codes. They describe what went wrong in domain terms; the HTTP layer maps them
// to status codes in exactly one place and the CLI maps them to exit codes.
const (
	ECONFLICT     = "conflict"     // the thing already exists or the state forbids it
	EINTERNAL     = "internal"     // a bug or an unexpected failure
	EINVALID      = "invalid"      // the user gave bad input
	ENOTFOUND     = "not_found"    // the named thing does not exist
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // credentials fine, action not allowed
	EUNAVAILABLE  = "unavailable"  // a dependency (database, server) cannot be reached
)

// Error is an error a user can act on: a code for programs and a sentence for people.
// Field, when set, names the input that was wrong (a flag, a CSV column, a YAML key).
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error returns the human sentence, prefixed with the field when there is one.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error that names the offending field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the human sentence of the first *Error in err's chain, or a
// generic sentence for internal errors so that internals never leak to a user.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Error()
	default:
		return "internal error"
	}
}
