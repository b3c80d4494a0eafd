package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paceline/paceline"
)

// FunnelActions returns the account's done actions toward a lead with At in
// [since, until), oldest first, with only what the funnel reads (api.Funnels): key,
// instant, kind, lead and campaign. The dashboard reads them for every account; the
// whole rows (Actions) cost it more.
func (s *Store) FunnelActions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	what := "read the actions of " + account + " for the funnel"
	rows, err := s.pool.Query(ctx, `SELECT COALESCE(key, ''), at, kind, lead, campaign
		FROM actions WHERE account = $1 AND at >= $2 AND at < $3 AND result = 'done' AND lead <> ''
		ORDER BY at, id`, account, dbTime(since), dbTime(until))
	if err != nil {
		return nil, s.fail(what, err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (paceline.Action, error) {
		a := paceline.Action{Account: account, Result: paceline.ResultDone}
		var kind string
		if err := row.Scan(&a.Key, &a.At, &kind, &a.Lead, &a.Campaign); err != nil {
			return a, err
		}
		a.At, a.Kind = a.At.UTC(), paceline.ActionKind(kind)
		return a, nil
	})
	if err != nil {
		return nil, s.fail(what, err)
	}
	return list, nil
}
