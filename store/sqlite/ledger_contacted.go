package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// ContactedSince returns every action with At in [since, until) by which any account
// reached out to a lead (an invite, a message, an InMail, an Open Profile message or
// an email that went out), oldest first, with its lead, account, campaign, kind and
// instant: a campaign start says how many of the leads it enrolls were contacted
// before, by its own accounts or by others, and can leave them out. Reading each of the
// campaign's accounts' actions saw only those: a person another client's seat had
// invited eleven days before was enrolled without a word. An action went out when it
// is done with result done, and is not the reserved slot of a hand-off task still
// waiting for a person or an agent (offered or leased: nothing was sent yet, as
// api.Carried leaves out of the funnels; the task's SlotKey is its key, with #rN
// after a release); a task done as sent restores its slot, which then counts. A visit
// is no contact, and neither is an archive's connected event (an event, not an
// action).
func (s *Store) ContactedSince(ctx context.Context, since, until time.Time) ([]paceline.Action, error) {
	what := "read the leads contacted since " + since.UTC().Format(time.DateOnly)
	rows, err := s.db.QueryContext(ctx, `SELECT at, account, kind, lead, campaign
		FROM actions WHERE state = 'done' AND result = 'done' AND lead <> ''
		AND kind IN ('invite', 'message', 'inmail', 'open_profile_message', 'email')
		AND at >= ? AND at < ?
		AND (key IS NULL OR key NOT IN (SELECT CASE WHEN t.attempt <= 1 THEN t.key ELSE t.key || '#r' || (t.attempt - 1) END
			FROM tasks t WHERE t.state IN ('offered', 'leased')))
		ORDER BY at, id`, since.UTC(), until.UTC())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var list []paceline.Action
	for rows.Next() {
		a := paceline.Action{Result: paceline.ResultDone}
		var kind string
		if err := rows.Scan(&a.At, &a.Account, &kind, &a.Lead, &a.Campaign); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		a.At, a.Kind = a.At.UTC(), paceline.ActionKind(kind)
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}
