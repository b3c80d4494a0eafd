package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/leadrow"
	"github.com/paceline/paceline/store/internal/mergerow"
)

// stopMergedRuns leaves each lead an import merged others into (ids) with one running
// enrollment: the one mergerow.Keeper picks among those under any of its references;
// the others stop, with a reason naming the lead and the campaign that goes on. It
// runs in the import's transaction, after the last fold, so a lead merged twice is
// looked at once with every key it ended up with; two queries read the keys and the
// running enrollments of every merged lead at once. It returns how many it stopped.
func stopMergedRuns(ctx context.Context, tx *sql.Tx, ids map[int64]bool, now time.Time) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	owners, err := mergedRefs(ctx, tx, ids)
	if err != nil {
		return 0, err
	}
	runs, err := runningUnder(ctx, tx, slices.Collect(maps.Keys(owners)))
	if err != nil {
		return 0, fmt.Errorf("read the running enrollments of merged leads: %w", err)
	}
	byLead := mergerow.Competing(owners, runs)
	if err := markContacted(ctx, tx, byLead); err != nil {
		return 0, fmt.Errorf("read the contacts of merged leads: %w", err)
	}
	stops, err := mergerow.Stops(byLead, now)
	if err != nil {
		return 0, err
	}
	for _, st := range stops {
		if _, err := tx.ExecContext(ctx, `UPDATE enrollments SET state = 'stopped', step = -1, due = NULL,
			reason = ?, snapshot = ?, held = FALSE, ended_at = ?, updated_at = ?
			WHERE id = ? AND state IN ('new', 'active', 'waiting')`,
			st.Reason, st.Snapshot, now.UTC(), now.UTC(), st.ID); err != nil {
			return 0, fmt.Errorf("stop enrollment %d of merged lead %d: %w", st.ID, st.Lead, err)
		}
	}
	return len(stops), nil
}

// mergedRefs maps every reference the runtime may know the merged leads by
// (leadrow.Refs of their keys) to its lead. A lead folded in turn into another has no
// keys left and no references.
func mergedRefs(ctx context.Context, tx *sql.Tx, ids map[int64]bool) (map[string]int64, error) {
	list, err := json.Marshal(slices.Collect(maps.Keys(ids)))
	if err != nil {
		return nil, fmt.Errorf("read the keys of merged leads: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT lead_id, kind, value FROM lead_keys
		WHERE lead_id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("read the keys of merged leads: %w", err)
	}
	defer rows.Close()
	owners := map[string]int64{}
	for rows.Next() {
		var id int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return nil, fmt.Errorf("read the keys of merged leads: %w", err)
		}
		k, err := leadrow.ParseKey(id, kind, value)
		if err != nil {
			return nil, err
		}
		for _, ref := range leadrow.Refs([]lead.Key{k}) {
			owners[ref] = id
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the keys of merged leads: %w", err)
	}
	return owners, nil
}

// runningUnder returns the running enrollments (new, active or waiting, in a campaign
// of any state: a paused campaign's enrollment still holds its lead) under any of
// refs. It reads through the partial index enrollments_one_running.
func runningUnder(ctx context.Context, tx *sql.Tx, refs []string) ([]mergerow.Running, error) {
	list, err := json.Marshal(refs)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT e.id, c.name, e.account, e.lead, e.started_at, e.snapshot
		FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.lead IN (SELECT value FROM json_each(?)) AND e.state IN ('new', 'active', 'waiting')
		ORDER BY e.id`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var runs []mergerow.Running
	for rows.Next() {
		var r mergerow.Running
		if err := rows.Scan(&r.ID, &r.Campaign, &r.Account, &r.Lead, &r.Started, &r.Snapshot); err != nil {
			return nil, err
		}
		r.Started = r.Started.UTC()
		runs = append(runs, r)
	}
	return runs, rows.Err()
}

// markContacted sets Contacted on each run whose campaign has acted on the person: an
// action of its account and campaign to its reference, done or in flight. It is read
// only for the leads where two enrollments compete, in one pass over the ledger (which
// has no index by lead).
func markContacted(ctx context.Context, tx *sql.Tx, byLead map[int64][]mergerow.Running) error {
	refs := mergerow.Refs(byLead)
	if len(refs) == 0 {
		return nil
	}
	list, err := json.Marshal(refs)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT account, lead, campaign FROM actions
		WHERE lead IN (SELECT value FROM json_each(?)) AND campaign <> '' AND (state = 'planned' OR result = 'done')`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	acted := map[mergerow.Acted]bool{}
	for rows.Next() {
		var a mergerow.Acted
		if err := rows.Scan(&a.Account, &a.Lead, &a.Campaign); err != nil {
			return err
		}
		acted[a] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	mergerow.MarkContacted(byLead, acted)
	return nil
}
