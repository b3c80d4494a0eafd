package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// ReplaceStartedSequence replaces the sequence of the started (active or paused)
// campaign name with sequence, if it still has the sequence was it was checked
// against (the caller checked that the two differ in texts alone); its state,
// pause, accounts, list, priority and times stay. Errors: EINVALID for an empty
// sequence; ENOTFOUND; ECONFLICT for a draft, a stopped campaign, or one whose
// sequence is no longer was (another edit saved first).
func (s *Store) ReplaceStartedSequence(ctx context.Context, name, was, sequence string) error {
	if strings.TrimSpace(sequence) == "" {
		return paceline.FieldErrorf("sequence", "is empty (give the sequence YAML)")
	}
	res, err := s.db.ExecContext(ctx, `UPDATE campaigns SET sequence = ? WHERE name = ? AND `+campaignrow.TextsWhere,
		sequence, name, was)
	if err != nil {
		return fmt.Errorf("edit the texts of campaign %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return err
	}
	return campaignrow.TextsRefused(c, was)
}
