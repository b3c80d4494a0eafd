package sequence

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
)

// ValidationError is one problem in a sequence, with the line it is on and the id of the
// step it belongs to ("" for the sequence as a whole).
type ValidationError struct {
	Line    int    `json:"line,omitempty"`
	Step    string `json:"step,omitempty"`
	Message string `json:"message"`
}

// Error returns "line 12, step hello: message".
func (e *ValidationError) Error() string {
	var where []string
	if e.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", e.Line))
	}
	if e.Step != "" {
		where = append(where, "step "+e.Step)
	}
	if len(where) == 0 {
		return e.Message
	}
	return strings.Join(where, ", ") + ": " + e.Message
}

// ValidationErrors is every problem found in a sequence, in line order. Parse and
// Validate return all of them at once so that a user fixes a file in one pass.
type ValidationErrors []*ValidationError

// Error lists the problems, one a line.
func (es ValidationErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets paceline.ErrorCode see a bad sequence as the user's mistake (EINVALID).
func (es ValidationErrors) Unwrap() error {
	return &paceline.Error{Code: paceline.EINVALID, Field: "sequence", Message: es.Error()}
}

// sorted orders the errors by line, keeping the order of errors on one line.
func (es ValidationErrors) sorted() ValidationErrors {
	slices.SortStableFunc(es, func(a, b *ValidationError) int { return a.Line - b.Line })
	return es
}

// NoteTooLongError says that a rendered invite note is over the account type's limit.
type NoteTooLongError struct {
	Step  string
	Chars int
	Max   int
}

// Error says by how much the note is over and what to do.
func (e *NoteTooLongError) Error() string {
	return fmt.Sprintf("step %s: the note renders to %d characters for this lead, over the %d-character limit (shorten the note or its fields; the invite's fallback applies)", e.Step, e.Chars, e.Max)
}

// Unwrap lets paceline.ErrorCode see an over-long note as invalid input.
func (e *NoteTooLongError) Unwrap() error {
	return &paceline.Error{Code: paceline.EINVALID, Field: "note", Message: e.Error()}
}
