package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// FunnelActions returns the account's done actions toward a lead with At in
// [since, until), oldest first, with only what the funnel reads (api.Funnels): key,
// instant, kind, lead and campaign. The dashboard reads them for every account; the
// whole rows (Actions) cost it a third more.
func (s *Store) FunnelActions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	what := "read the actions of " + account + " for the funnel"
	rows, err := s.db.QueryContext(ctx, `SELECT key, at, kind, lead, campaign
		FROM actions WHERE account = ? AND at >= ? AND at < ? AND result = 'done' AND lead <> ''
		ORDER BY at, id`, account, since.UTC(), until.UTC())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var list []paceline.Action
	for rows.Next() {
		a := paceline.Action{Account: account, Result: paceline.ResultDone}
		var (
			key  sql.NullString
			kind string
		)
		if err := rows.Scan(&key, &a.At, &kind, &a.Lead, &a.Campaign); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		a.Key, a.At, a.Kind = key.String, a.At.UTC(), paceline.ActionKind(kind)
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}
