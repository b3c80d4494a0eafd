package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// enrolledRef returns the reference under which the person an event names runs in an
// enrollment, when that is another of their references than the event's: a Sales
// Navigator lead enrolled as sales:ID whom an import has since given a profile URL is
// reported by that URL's slug, and the event must reach the enrollment. Otherwise it
// returns ref. A ref that is no key of a stored lead is returned as it is.
func (s *Store) enrolledRef(ctx context.Context, ref string) (string, error) {
	if ref == "" {
		return ref, nil
	}
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM enrollments WHERE lead = ? AND state IN ('new', 'active', 'waiting')`, ref).Scan(&one)
	if err == nil {
		return ref, nil // the usual case: the event names the enrollment's own reference
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("find the enrollment of %s: %w", ref, err)
	}
	k, perr := lead.ParseRef(ref)
	if perr != nil {
		return ref, nil
	}
	var running string
	err = s.db.QueryRowContext(ctx, `SELECT lead FROM enrollments
		WHERE state IN ('new', 'active', 'waiting') AND lead IN (`+leadrow.RefsOfKeySQL("?1", "?2")+`) LIMIT 1`,
		leadrow.KeyKind(k.Type), k.Value).Scan(&running)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ref, nil
	case err != nil:
		return "", fmt.Errorf("find the enrollment of %s: %w", ref, err)
	}
	return running, nil
}
