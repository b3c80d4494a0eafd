package web

import (
	"errors"
	"slices"

	"github.com/paceline/paceline"
)

// fieldProblems are why a form was refused, by the field each problem is about, so
// that a page shows each one next to its field; "" holds a problem with no field of
// the form (a parameter the form does not show).
type fieldProblems map[string]string

// On is the problem with field, "" when it has none.
func (p fieldProblems) On(field string) string { return p[field] }

// Form is the problem with no field of the form, "" when there is none.
func (p fieldProblems) Form() string { return p[""] }

// add records err, a user's mistake (EINVALID), under its field when that is one of
// fields, else under "". It returns false, recording nothing, for any other error,
// which the caller returns instead of showing the form.
func (p fieldProblems) add(err error, fields ...string) bool {
	var e *paceline.Error
	if paceline.ErrorCode(err) != paceline.EINVALID || !errors.As(err, &e) {
		return false
	}
	if e.Field != "" && slices.Contains(fields, e.Field) {
		p[e.Field] = e.Message
		return true
	}
	if p[""] != "" {
		p[""] += "; "
	}
	p[""] += paceline.ErrorMessage(err)
	return true
}
