package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// StopCampaign ends the active or paused campaign name for good, in one transaction:
// the campaign becomes stopped, each of its enrollments still running is stopped with
// the reason paceline.ReasonCampaignStopped (its lead free for another campaign), or
// its lead's answer that no tick applied yet (an opt-out, a reply: stopEnrollments), and
// each of its open assisted tasks but a withdrawal (which contacts nobody) is closed
// unsent, the slot it reserved in the ledger released, but for one an agent holds
// under a live lease: that one is left to its agent (CampaignStop.LeftToAgents). A tick that read an enrollment
// before keeps off it (SaveTick leaves an ended row as it is) and plans none of its
// steps (PlanStep wants an active campaign). Errors: ENOTFOUND; ECONFLICT for a draft
// or a campaign stopped already (campaignrow.NotStoppable).
func (s *Store) StopCampaign(ctx context.Context, name string) (paceline.CampaignStop, error) {
	var res paceline.CampaignStop
	now := s.now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("stop campaign %s: %w", name, err)
	}
	defer tx.Rollback()
	var id int64
	var seq string
	err = tx.QueryRowContext(ctx, `UPDATE campaigns SET state = 'stopped', paused_reason = '', paused_at = NULL, updated_at = ?
		WHERE name = ? AND `+campaignrow.StopWhere+` RETURNING id, sequence`, now, name).Scan(&id, &seq)
	if errors.Is(err, sql.ErrNoRows) {
		tx.Rollback()
		c, err := s.Campaign(ctx, name)
		if err != nil {
			return res, err
		}
		return res, campaignrow.NotStoppable(c)
	}
	if err != nil {
		return res, fmt.Errorf("stop campaign %s: %w", name, err)
	}
	if res.Enrollments, err = stopEnrollments(ctx, tx, id, seq, now); err != nil {
		return res, fmt.Errorf("stop campaign %s: %w", name, err)
	}
	if res.Tasks, res.LeftToAgents, err = closeCampaignTasks(ctx, tx, name, now); err != nil {
		return res, fmt.Errorf("stop campaign %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("stop campaign %s: %w", name, err)
	}
	return res, nil
}

// stopEnrollments stops every running enrollment of the campaign id, whose sequence
// is seq, its snapshot ended too. One whose lead's answer is recorded and not applied
// yet (an opt-out, a reply: campaignrow.Stopping.Reason) stops for that answer, as the
// account's tick would have stopped it, not for the campaign's stop. It returns how
// many it stopped.
func stopEnrollments(ctx context.Context, tx *sql.Tx, id int64, seq string, now time.Time) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, started_at, snapshot, lead, account, lead_facts FROM enrollments
		WHERE campaign_id = ? AND state IN ('new', 'active', 'waiting') ORDER BY id`, id)
	if err != nil {
		return 0, fmt.Errorf("read running enrollments: %w", err)
	}
	defer rows.Close()
	var running []campaignrow.Stopping
	for rows.Next() {
		var e campaignrow.Stopping
		if err := rows.Scan(&e.ID, &e.Started, &e.Snapshot, &e.Lead, &e.Account, &e.Facts); err != nil {
			return 0, fmt.Errorf("read running enrollments: %w", err)
		}
		running = append(running, e)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read running enrollments: %w", err)
	}
	rows.Close()
	stops := campaignrow.StopKinds(seq)
	for _, e := range running {
		evs, err := leadEventsSince(ctx, tx, e.Lead, e.Started)
		if err != nil {
			return 0, err
		}
		suppressed, err := suppressedIn(ctx, tx, e)
		if err != nil {
			return 0, err
		}
		reason, at := e.Reason(stops, evs, suppressed, now)
		snap, err := e.StoppedSnapshot(reason, at)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrollments SET state = 'stopped', step = -1, due = NULL,
			reason = ?, snapshot = ?, held = FALSE, ended_at = ?, updated_at = ?
			WHERE id = ?`, reason, snap, at.UTC(), now.UTC(), e.ID); err != nil {
			return 0, fmt.Errorf("stop enrollment %d: %w", e.ID, err)
		}
	}
	return len(running), nil
}

// leadEventsSince returns the events of the lead reference ref, on any account, at or
// after since, oldest first, read in tx.
func leadEventsSince(ctx context.Context, tx *sql.Tx, ref string, since time.Time) ([]paceline.Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT at, account, type FROM events WHERE lead = ? AND at >= ? ORDER BY at, id`, ref, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("read the events of %s: %w", ref, err)
	}
	defer rows.Close()
	var evs []paceline.Event
	for rows.Next() {
		var e paceline.Event
		var typ string
		if err := rows.Scan(&e.At, &e.Account, &typ); err != nil {
			return nil, fmt.Errorf("read the events of %s: %w", ref, err)
		}
		e.Type, e.Lead = paceline.EventKind(typ), ref
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the events of %s: %w", ref, err)
	}
	return evs, nil
}

// suppressedIn reports whether a key of the enrollment's lead is on the suppression
// list, read in tx.
func suppressedIn(ctx context.Context, tx *sql.Tx, e campaignrow.Stopping) (bool, error) {
	keys, err := e.Keys()
	if err != nil {
		return false, err
	}
	for _, k := range keys {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM suppressions WHERE key_hash = ?`, k.Hash()).Scan(&n); err != nil {
			return false, fmt.Errorf("check the suppression list for %s: %w", e.Lead, err)
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// closeCampaignTasks closes the campaign's open tasks unsent, a withdrawal's aside, and
// releases the slot each offered or leased one reserved (a planned one's was released
// when it was planned again). A task an agent holds under a live lease is left to its
// lease, as the desk's sweep leaves it (the agent may be sending it right now): the
// sweep closes it when the lease ends (runtime.LeadStopped: its campaign stopped). It
// returns how many it closed and how many it left to their agents.
func closeCampaignTasks(ctx context.Context, tx *sql.Tx, campaign string, now time.Time) (closed, held int, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, key, attempt, state, lease_until FROM tasks
		WHERE campaign = ? AND state IN ('planned', 'offered', 'leased') AND kind <> ? ORDER BY id`,
		campaign, string(paceline.KindWithdraw))
	if err != nil {
		return 0, 0, fmt.Errorf("read open tasks: %w", err)
	}
	defer rows.Close()
	var open []paceline.Task
	for rows.Next() {
		var t paceline.Task
		var state string
		var until sql.NullTime
		if err := rows.Scan(&t.ID, &t.Key, &t.Attempt, &state, &until); err != nil {
			return 0, 0, fmt.Errorf("read open tasks: %w", err)
		}
		t.State, t.LeaseUntil = paceline.TaskState(state), fromNullTime(until)
		if t.State == paceline.TaskLeased && now.Before(t.LeaseUntil) {
			held++
			continue
		}
		open = append(open, t)
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("read open tasks: %w", err)
	}
	rows.Close()
	for _, t := range open {
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET state = 'skipped', outcome = ?, done_at = ?, holder = '',
			lease_until = NULL, updated_at = ? WHERE id = ?`, campaignrow.TaskStoppedOutcome, now.UTC(), now.UTC(), t.ID); err != nil {
			return 0, 0, fmt.Errorf("close task %d: %w", t.ID, err)
		}
		if t.State == paceline.TaskPlanned {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE actions SET result = 'failed' WHERE key = ?`, t.SlotKey()); err != nil {
			return 0, 0, fmt.Errorf("release slot of task %d: %w", t.ID, err)
		}
	}
	return len(open), held, nil
}
