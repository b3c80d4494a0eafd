package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// StopCampaign ends the active or paused campaign name for good, in one transaction:
// the campaign becomes stopped, each of its enrollments still running is stopped with
// the reason paceline.ReasonCampaignStopped (its lead free for another campaign), and
// each of its open assisted tasks but a withdrawal (which contacts nobody) is closed
// unsent, the slot it reserved in the ledger released, but for one an agent holds
// under a live lease: that one is left to its agent (CampaignStop.LeftToAgents). The campaign's row is updated
// first, so that a start enrolling leads in it (AddEnrollments locks the row) either
// commits before, and its enrollments are stopped too, or finds it stopped. A tick that
// read an enrollment before keeps off it (SaveTick leaves an ended row as it is) and
// plans none of its steps (PlanStep wants an active campaign). Errors: ENOTFOUND;
// ECONFLICT for a draft or a campaign stopped already (campaignrow.NotStoppable).
func (s *Store) StopCampaign(ctx context.Context, name string) (paceline.CampaignStop, error) {
	var res paceline.CampaignStop
	what := "stop campaign " + name
	now := dbTime(s.now())
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return res, s.fail(what, err)
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, rebind(`UPDATE campaigns SET state = 'stopped', paused_reason = '', paused_at = NULL, updated_at = ?
		WHERE name = ? AND `+campaignrow.StopWhere+` RETURNING id`), now, name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		tx.Rollback(ctx)
		c, err := s.Campaign(ctx, name)
		if err != nil {
			return res, err
		}
		return res, campaignrow.NotStoppable(c)
	}
	if err != nil {
		return res, s.fail(what, err)
	}
	if res.Enrollments, err = stopEnrollments(ctx, tx, id, now); err != nil {
		return res, s.fail(what, err)
	}
	if res.Tasks, res.LeftToAgents, err = closeCampaignTasks(ctx, tx, name, now); err != nil {
		return res, s.fail(what, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return res, s.fail(what, err)
	}
	return res, nil
}

// stopEnrollments stops every running enrollment of the campaign id, its snapshot
// ended too. It returns how many it stopped.
func stopEnrollments(ctx context.Context, tx pgx.Tx, id int64, now time.Time) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id, started_at, snapshot FROM enrollments
		WHERE campaign_id = $1 AND state IN ('new', 'active', 'waiting') ORDER BY id FOR UPDATE`, id)
	if err != nil {
		return 0, fmt.Errorf("read running enrollments: %w", err)
	}
	defer rows.Close()
	var running []campaignrow.Ended
	for rows.Next() {
		var e campaignrow.Ended
		if err := rows.Scan(&e.ID, &e.Started, &e.Snapshot); err != nil {
			return 0, fmt.Errorf("read running enrollments: %w", err)
		}
		e.Started = e.Started.UTC()
		running = append(running, e)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read running enrollments: %w", err)
	}
	rows.Close()
	for _, e := range running {
		snap, err := campaignrow.EndedSnapshot(e, now)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `UPDATE enrollments SET state = 'stopped', step = -1, due = NULL,
			reason = $1, snapshot = $2, held = FALSE, ended_at = $3, updated_at = $3
			WHERE id = $4`, paceline.ReasonCampaignStopped, snap, now, e.ID); err != nil {
			return 0, fmt.Errorf("stop enrollment %d: %w", e.ID, err)
		}
	}
	return len(running), nil
}

// closeCampaignTasks closes the campaign's open tasks unsent, a withdrawal's aside, and
// releases the slot each offered or leased one reserved (a planned one's was released
// when it was planned again). A task an agent holds under a live lease is left to its
// lease, as the desk's sweep leaves it (the agent may be sending it right now): the
// sweep closes it when the lease ends (runtime.LeadStopped: its campaign stopped). It
// returns how many it closed and how many it left to their agents.
func closeCampaignTasks(ctx context.Context, tx pgx.Tx, campaign string, now time.Time) (closed, held int, err error) {
	rows, err := tx.Query(ctx, `SELECT id, key, attempt, state, lease_until FROM tasks
		WHERE campaign = $1 AND state IN ('planned', 'offered', 'leased') AND kind <> $2 ORDER BY id FOR UPDATE`,
		campaign, string(paceline.KindWithdraw))
	if err != nil {
		return 0, 0, fmt.Errorf("read open tasks: %w", err)
	}
	defer rows.Close()
	var open []paceline.Task
	for rows.Next() {
		var t paceline.Task
		var state string
		var until *time.Time
		if err := rows.Scan(&t.ID, &t.Key, &t.Attempt, &state, &until); err != nil {
			return 0, 0, fmt.Errorf("read open tasks: %w", err)
		}
		t.State = paceline.TaskState(state)
		if until != nil {
			t.LeaseUntil = until.UTC()
		}
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
		if _, err := tx.Exec(ctx, `UPDATE tasks SET state = 'skipped', outcome = $1, done_at = $2, holder = '',
			lease_until = NULL, updated_at = $2 WHERE id = $3`, campaignrow.TaskStoppedOutcome, now, t.ID); err != nil {
			return 0, 0, fmt.Errorf("close task %d: %w", t.ID, err)
		}
		if t.State == paceline.TaskPlanned {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE actions SET result = 'failed' WHERE key = $1`, t.SlotKey()); err != nil {
			return 0, 0, fmt.Errorf("release slot of task %d: %w", t.ID, err)
		}
	}
	return len(open), held, nil
}
