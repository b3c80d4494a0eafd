package userrow

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestNoteUse(t *testing.T) {
	t.Parallel()
	used := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	tok := &paceline.Token{LastUsedAt: used}
	if NoteUse(tok, used.Add(59*time.Second)) {
		t.Error("a use within the minute is noted")
	}
	if !NoteUse(tok, used.Add(time.Minute)) || !NoteUse(&paceline.Token{}, used) {
		t.Error("a use a minute on, or a first use, is not noted")
	}
}
