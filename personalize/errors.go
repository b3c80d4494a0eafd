package personalize

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
)

// SyntaxError says where a template is malformed and what to do about it. Offset is a
// byte offset into the source; Line and Column are 1-based, Column counted in characters.
type SyntaxError struct {
	Offset  int
	Line    int
	Column  int
	Message string
}

func newSyntaxError(src string, offset int, format string, args ...any) *SyntaxError {
	line, col := position(src, offset)
	return &SyntaxError{Offset: offset, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

// position turns a byte offset into a 1-based line and character column.
func position(src string, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	before := src[:offset]
	line = strings.Count(before, "\n") + 1
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, RuneCount(before) + 1
}

// Error returns "line L column C: message", or "column C: message" for one-line sources.
func (e *SyntaxError) Error() string {
	if e.Line > 1 {
		return fmt.Sprintf("template line %d column %d: %s", e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("template column %d: %s", e.Column, e.Message)
}

// Unwrap lets paceline.ErrorCode see a syntax error as the user's mistake (EINVALID).
func (e *SyntaxError) Unwrap() error {
	return &paceline.Error{Code: paceline.EINVALID, Field: "template", Message: e.Error()}
}

// MissingFieldError reports a field the template needs that the data lacks or leaves
// blank, with no default. The caller decides: fall back to a plainer step or hold the
// action for review; the text is never sent with a hole in it.
type MissingFieldError struct {
	Field string
}

// Error names the field and says how to fix it.
func (e *MissingFieldError) Error() string {
	return fmt.Sprintf("field %q is missing or blank for this lead (fill it in, or give it a fallback: {{%s | default: \"...\"}})", e.Field, e.Field)
}

// Unwrap lets paceline.ErrorCode see a missing field as invalid input.
func (e *MissingFieldError) Unwrap() error {
	return &paceline.Error{Code: paceline.EINVALID, Field: e.Field, Message: e.Error()}
}
