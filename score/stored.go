package score

import (
	"time"

	"github.com/paceline/paceline"
)

// Stored is the ruleset a database keeps in force once the user set one (with
// `leads score --icp FILE`, `leads import --icp FILE` or by learning): every later
// import, the API's and the dashboard's included, and every rescoring score with it,
// so that a lead is never scored again with rules the user had replaced. No stored
// ruleset means the built-in one (Default).
type Stored struct {
	// YAML is the ruleset's text as Parse accepted it when it was set, comments and
	// all, so that showing it gives back what the user wrote.
	YAML string
	// Source says where the rules came from, for the user: the file's name, or what
	// they were learned from.
	Source string
	// SetAt is when the rules were set, by the store's clock.
	SetAt time.Time
}

// Rules parses the stored text. The text was valid when it was set; should a later
// paceline refuse it, the error says how to set rules again, since no import or
// rescoring can go on without knowing which rules are in force.
func (s Stored) Rules() (*Rules, error) {
	r, err := Parse([]byte(s.YAML))
	if err != nil {
		return nil, paceline.FieldErrorf("icp", "the ICP rules kept in the database (%s) no longer parse: %s; "+
			"set them again with paceline leads score --icp FILE, or go back to the built-in rules with --icp default",
			s.Source, paceline.ErrorMessage(err))
	}
	return r, nil
}
