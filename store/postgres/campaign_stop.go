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
// the reason paceline.ReasonCampaignStopped (its lead free for another campaign), or
// its lead's answer that no tick applied yet (an opt-out, a reply: stopEnrollments), and
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
	var seq string
	err = tx.QueryRow(ctx, rebind(`UPDATE campaigns SET state = 'stopped', paused_reason = '', paused_at = NULL, updated_at = ?
		WHERE name = ? AND `+campaignrow.StopWhere+` RETURNING id, sequence`), now, name).Scan(&id, &seq)
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
	if res.Enrollments, err = stopEnrollments(ctx, tx, id, seq, now); err != nil {
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

// stopEnrollments stops every running enrollment of the campaign id, whose sequence
// is seq, its snapshot ended too. One whose lead's answer is recorded and not applied
// yet (an opt-out, a reply: campaignrow.Stopping.Reason) stops for that answer, as the
// account's tick would have stopped it, not for the campaign's stop. It returns how
// many it stopped.
func stopEnrollments(ctx context.Context, tx pgx.Tx, id int64, seq string, now time.Time) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id, started_at, snapshot, lead, account, lead_facts FROM enrollments
		WHERE campaign_id = $1 AND state IN ('new', 'active', 'waiting') ORDER BY id FOR UPDATE`, id)
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
		e.Started = e.Started.UTC()
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
		keys, err := e.Keys()
		if err != nil {
			return 0, err
		}
		hashes := make([]string, len(keys))
		for i, k := range keys {
			hashes[i] = k.Hash()
		}
		var suppressed bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM suppressions WHERE key_hash = ANY($1))`, hashes).Scan(&suppressed); err != nil {
			return 0, fmt.Errorf("check the suppression list for %s: %w", e.Lead, err)
		}
		reason, at := e.Reason(stops, evs, suppressed, now)
		snap, err := e.StoppedSnapshot(reason, at)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `UPDATE enrollments SET state = 'stopped', step = -1, due = NULL,
			reason = $1, snapshot = $2, held = FALSE, ended_at = $3, updated_at = $4
			WHERE id = $5`, reason, snap, dbTime(at), now, e.ID); err != nil {
			return 0, fmt.Errorf("stop enrollment %d: %w", e.ID, err)
		}
	}
	return len(running), nil
}

// leadEventsSince returns the events of the lead reference ref, on any account, at or
// after since, oldest first, read in tx.
func leadEventsSince(ctx context.Context, tx pgx.Tx, ref string, since time.Time) ([]paceline.Event, error) {
	rows, err := tx.Query(ctx, `SELECT at, account, type FROM events WHERE lead = $1 AND at >= $2 ORDER BY at, id`, ref, dbTime(since))
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
		e.At, e.Type, e.Lead = e.At.UTC(), paceline.EventKind(typ), ref
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the events of %s: %w", ref, err)
	}
	return evs, nil
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
