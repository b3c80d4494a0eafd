package linkedinexport

import "fmt"

// Unmatched is a row of the archive that gave no event, and why: an unknown person, no
// profile URL, a date that does not parse, a message that is not a reply ...
type Unmatched struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// String formats the row as "file line N: reason".
func (u Unmatched) String() string { return fmt.Sprintf("%s line %d: %s", u.File, u.Line, u.Reason) }
