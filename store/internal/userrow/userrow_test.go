package userrow

import (
	"strings"
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

func TestCheckName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"admin", true},
		{"Zoë Martin", true},
		{"ops-2", true},
		{"", false},
		{"ev\nil", false},
		{"-x", false},
		{" admin", false},
		{strings.Repeat("a", 101), false},
	} {
		err := CheckName(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("CheckName(%q) = %v, want ok %v", tt.name, err, tt.ok)
		}
		if err != nil && paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("CheckName(%q): code %s, want %s", tt.name, paceline.ErrorCode(err), paceline.EINVALID)
		}
	}
}
