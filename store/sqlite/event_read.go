package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/eventrow"
)

// Event returns the stored event with the ID, as it was stored: RecordEvent reports
// only the ID of an event already stored under a key, and what was stored may differ
// from what a later report of the same key says. Errors: ENOTFOUND.
func (s *Store) Event(ctx context.Context, id int64) (paceline.Event, error) {
	e, err := scanEvent(s.db.QueryRowContext(ctx, `SELECT `+eventrow.Columns+` FROM events WHERE id = ?`, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return paceline.Event{}, paceline.Errorf(paceline.ENOTFOUND, "no event has the id %d", id)
	case err != nil:
		return paceline.Event{}, fmt.Errorf("read event %d: %w", id, err)
	}
	return e, nil
}
