// Package userrow is how both stores check and read back the dashboard's users, their
// API tokens and login sessions (migration 0004 of each store holds the same columns):
// the input checks, the errors they answer with, and the decoding of the rows. The SQL
// stays in each store; what it selects is TokenColumns, in the order ScanToken reads.
package userrow

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// TokenColumns a select of tokens names from api_tokens (as t) joined with users (as
// u), in the order ScanToken reads them.
const TokenColumns = `t.id, u.name, t.name, t.prefix, t.created_at, t.last_used_at`

// CheckName refuses a user name that cannot be typed back: none, one longer than 100
// characters, one with control characters (a newline split the name across lines of
// the login form and of every listing), or one that starts with "-" or a space, which
// the commands that take a user's name (users passwd -x) read as a flag or drop.
func CheckName(name string) error {
	switch {
	case name == "":
		return paceline.FieldErrorf("name", "is empty (give the user a name such as admin)")
	case utf8.RuneCountInString(name) > 100:
		return paceline.FieldErrorf("name", "is longer than 100 characters (give a short name such as admin)")
	case strings.ContainsFunc(name, unicode.IsControl):
		return paceline.FieldErrorf("name", "%q has a control character (give a name such as admin)", name)
	case strings.HasPrefix(name, "-"):
		return paceline.FieldErrorf("name", "%q starts with '-', which reads as a flag (start it with a letter or digit, such as admin)", name)
	case strings.TrimSpace(name) != name:
		return paceline.FieldErrorf("name", "%q starts or ends with a space (give a name such as admin)", name)
	}
	return nil
}

// NameTaken is the error for a second user with a name already stored.
func NameTaken(name string) error {
	return paceline.Errorf(paceline.ECONFLICT, "user %q already exists (choose another name, or set its password with paceline users passwd)", name)
}

// Missing is the error for a user name that does not exist.
func Missing(name string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no user is named %q (paceline users list shows them)", name)
}

// ReadUsers reads every row of (id, name, created_at), in order. fail wraps an error
// of a row; the result set's error is returned as it is, with the users read.
func ReadUsers(rows row.Rows, fail func(error) error) ([]*paceline.User, error) {
	var out []*paceline.User
	for rows.Next() {
		u := &paceline.User{}
		if err := rows.Scan(&u.ID, &u.Name, &u.CreatedAt); err != nil {
			return nil, fail(err)
		}
		u.CreatedAt = u.CreatedAt.UTC()
		out = append(out, u)
	}
	return out, rows.Err()
}

// UnknownToken is the error for a token hash no live token has.
func UnknownToken() error {
	return paceline.Errorf(paceline.EUNAUTHORIZED, "the API token is unknown or revoked (create one with paceline tokens create)")
}

// MissingToken is the error for a token id that does not exist.
func MissingToken(id int64) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no token has id %d (paceline tokens list shows them)", id)
}

// RevokedToken is the error for a token id revoked before: there is nothing left to
// do, and the message says so rather than that the id is unknown.
func RevokedToken(id int64, user, name string, at time.Time) error {
	label := ""
	if name != "" {
		label = fmt.Sprintf(" (%s)", name)
	}
	return paceline.Errorf(paceline.ECONFLICT, "token %d%s of %s was already revoked on %s: there is nothing to do",
		id, label, user, at.UTC().Format("2006-01-02 15:04 UTC"))
}

// NoteUse reports whether a use of t at now is to be written: a use is noted to the
// minute, so that a busy client does not write on every request.
func NoteUse(t *paceline.Token, now time.Time) bool { return now.Sub(t.LastUsedAt) >= time.Minute }

// ScanToken reads a row of TokenColumns. N is the driver's scan target for the
// nullable last_used_at, and fromNull turns it into a time (zero for NULL). Its error
// is the driver's as it is.
func ScanToken[N any](r row.Scanner, fromNull func(N) time.Time) (*paceline.Token, error) {
	t := &paceline.Token{}
	var used N
	if err := r.Scan(&t.ID, &t.User, &t.Name, &t.Prefix, &t.CreatedAt, &used); err != nil {
		return nil, err
	}
	t.CreatedAt, t.LastUsedAt = t.CreatedAt.UTC(), fromNull(used)
	return t, nil
}

// ReadTokens reads every row of TokenColumns, in order, with ScanToken. fail wraps an
// error of a row; the result set's error is returned as it is, with the tokens read.
func ReadTokens[N any](rows row.Rows, fromNull func(N) time.Time, fail func(error) error) ([]*paceline.Token, error) {
	var out []*paceline.Token
	for rows.Next() {
		t, err := ScanToken(rows, fromNull)
		if err != nil {
			return nil, fail(err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SessionEnded is the error for a session hash with no unexpired session.
func SessionEnded() error {
	return paceline.Errorf(paceline.EUNAUTHORIZED, "the session has ended (log in again)")
}
