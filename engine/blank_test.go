package engine

import (
	"strings"
	"testing"
)

// TestBlankAsTrimSpace checks the shortcut of blank against strings.TrimSpace over
// values that start with every byte and with white space of every kind.
func TestBlankAsTrimSpace(t *testing.T) {
	t.Parallel()
	values := []string{"", " ", "\t\n\v\f\r ", "\u0085", "\u00a0", "\u2003x", " x", "x", "Ann", "\x7f", "\u00e9mile", "\u3000", "\xff"}
	for b := 0; b < 256; b++ {
		values = append(values, string([]byte{byte(b)}), string([]byte{byte(b), 'a'}), string([]byte{byte(b), ' '}))
	}
	for _, v := range values {
		if got, want := blank(v), strings.TrimSpace(v) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", v, got, want)
		}
	}
}
