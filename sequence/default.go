package sequence

import (
	_ "embed"
	"slices"
)

//go:embed default.yaml
var defaultYAML []byte

// Default returns the built-in sequence, a fresh copy on every call: invite with a
// personal note short enough for a free account (fallback: a plain invite), wait up to
// 21 days for the accept (then withdraw), a first message 1-2 days after the accept,
// a follow-up 4 working days later, and an email 5 days after that when the lead has
// an address; a reply, an opt-out or a bounce stops it all.
func Default() *Sequence {
	seq, err := Parse(defaultYAML)
	if err != nil {
		// The tests parse the embedded file, so this only fires on a broken build.
		panic("sequence: the built-in default does not parse: " + err.Error())
	}
	return seq
}

// DefaultYAML returns the source of the built-in sequence, a starting point for users.
func DefaultYAML() []byte { return slices.Clone(defaultYAML) }
