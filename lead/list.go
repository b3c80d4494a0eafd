package lead

import (
	"strings"
	"unicode"

	"github.com/paceline/paceline"
)

// MaxListName bounds a list's name in bytes: campaigns name lists and pages show them.
const MaxListName = 200

// CheckListName refuses a name for a list of leads that later commands and pages could
// not show or be given back: one over MaxListName bytes, or one with a control
// character (a line break splits a listing, an escape sequence reaches the terminal).
// The API's upload refused these while paceline leads import --list stored them.
func CheckListName(name string) error {
	switch {
	case len(name) > MaxListName:
		return paceline.FieldErrorf("list", "is %d bytes long; give the list a short name (at most %d bytes)", len(name), MaxListName)
	case strings.ContainsFunc(name, unicode.IsControl):
		return paceline.FieldErrorf("list", "%q has a control character (use letters, digits, '-' or '_', such as q1-founders)", name)
	}
	return nil
}
