package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/internal/leadrow"
	"github.com/paceline/paceline/store/internal/mergerow"
)

// stopMergedRuns leaves each lead an import merged others into (ids) with one running
// enrollment: the one mergerow.Keeper picks among those under any of its references;
// the others stop, with a reason naming the lead and the campaign that goes on. It
// runs in the import's transaction, after the last fold, so a lead merged twice is
// looked at once with every key it ended up with. It returns how many it stopped.
func (s *Store) stopMergedRuns(ctx context.Context, tx pgx.Tx, ids map[int64]bool, now time.Time) (int, error) {
	stopped := 0
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		keys, err := s.leadKeys(ctx, tx, id)
		if err != nil {
			return stopped, err
		}
		if len(keys) == 0 {
			continue // folded in turn into another lead, which ids holds too
		}
		what := fmt.Sprintf("read the running enrollments of merged lead %d", id)
		runs, err := runningUnder(ctx, tx, leadrow.Refs(keys))
		if err != nil {
			return stopped, s.fail(what, err)
		}
		if len(runs) < 2 {
			continue
		}
		keep := runs[mergerow.Keeper(runs)]
		reason := mergerow.Reason(id, keep)
		for _, r := range runs {
			if r.ID == keep.ID {
				continue
			}
			snap, err := mergerow.Stopped(r, now, reason)
			if err != nil {
				return stopped, err
			}
			if _, err := tx.Exec(ctx, `UPDATE enrollments SET state = 'stopped', step = -1, due = NULL,
				reason = $1, snapshot = $2, held = FALSE, ended_at = $3, updated_at = $3
				WHERE id = $4 AND state IN ('new', 'active', 'waiting')`,
				reason, snap, dbTime(now), r.ID); err != nil {
				return stopped, s.fail(fmt.Sprintf("stop enrollment %d of merged lead %d", r.ID, id), err)
			}
			stopped++
		}
	}
	return stopped, nil
}

// runningUnder returns the running enrollments (new, active or waiting, in a campaign
// of any state: a paused campaign's enrollment still holds its lead) under any of
// refs, each with whether its campaign has acted on the person already.
func runningUnder(ctx context.Context, tx pgx.Tx, refs []string) ([]mergerow.Running, error) {
	rows, err := tx.Query(ctx, `SELECT e.id, c.name, e.account, e.lead, e.started_at, e.snapshot,
			EXISTS (SELECT 1 FROM actions a WHERE a.lead = e.lead AND a.account = e.account
				AND a.campaign = c.name AND (a.state = 'planned' OR a.result = 'done'))
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.lead = ANY($1) AND e.state IN ('new', 'active', 'waiting')
		ORDER BY e.id`, refs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var runs []mergerow.Running
	for rows.Next() {
		var r mergerow.Running
		if err := rows.Scan(&r.ID, &r.Campaign, &r.Account, &r.Lead, &r.Started, &r.Snapshot, &r.Contacted); err != nil {
			return nil, err
		}
		r.Started = r.Started.UTC()
		runs = append(runs, r)
	}
	return runs, rows.Err()
}
