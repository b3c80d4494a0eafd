package leadrow

import (
	"fmt"

	"github.com/paceline/paceline"
)

// Decode fills in l what a scan of its row left as text, seniority and the JSON of
// details, score explanation and custom fields, and puts its timestamps in UTC.
func Decode(l *paceline.Lead, seniority, expl, custom, details string) error {
	l.Seniority = paceline.Seniority(seniority)
	if err := ParseDetails(details, l); err != nil {
		return fmt.Errorf("lead %d: %w", l.ID, err)
	}
	var err error
	if l.Explanation, err = ParseExplanation(expl); err != nil {
		return fmt.Errorf("lead %d: decode score explanation: %w", l.ID, err)
	}
	if l.Custom, err = ParseCustom(custom); err != nil {
		return fmt.Errorf("lead %d: decode custom fields: %w", l.ID, err)
	}
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	return nil
}
