package postgres

import (
	"context"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// ReplaceStartedSequence replaces the sequence of the started (active or paused)
// campaign name with sequence, if it still has the sequence was it was checked
// against (the caller checked that the two differ in texts alone); its state,
// pause, accounts, list, priority and times stay. One UPDATE: an edit or a stop
// that commits first makes it re-read the row, and refuse. Errors: EINVALID for an
// empty sequence; ENOTFOUND; ECONFLICT for a draft, a stopped campaign, or one
// whose sequence is no longer was (another edit saved first).
func (s *Store) ReplaceStartedSequence(ctx context.Context, name, was, sequence string) error {
	if strings.TrimSpace(sequence) == "" {
		return paceline.FieldErrorf("sequence", "is empty (give the sequence YAML)")
	}
	tag, err := s.pool.Exec(ctx, rebind(`UPDATE campaigns SET sequence = ? WHERE name = ? AND `+campaignrow.TextsWhere),
		sequence, name, was)
	if err != nil {
		return s.fail("edit the texts of campaign "+name, err)
	}
	if tag.RowsAffected() > 0 {
		return nil
	}
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return err
	}
	return campaignrow.TextsRefused(c, was)
}
