package assist

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// SweepResult counts what one Sweep did.
type SweepResult struct {
	Expired   int // slots released at the end of their working day
	GivenUp   int // tasks expired for good after MaxOffers days
	Reoffered int // leases that ran out, offered again
	Offered   int // planned tasks whose new slot came
	Stopped   int // tasks closed unsent: their lead answered or opted out
	Paused    int // offered tasks of a paused account or campaign, planned again
}

// Sweep brings an account's tasks up to now: it closes the tasks of leads whose
// sequence stopped (StoppedFunc), takes back what a paused account or campaign
// (CampaignPausedFunc) was offered and offers it nothing new, ends leases that ran out, expires the slots nobody
// used by the end of their working day (releasing them in the ledger and planning the
// task again), and offers planned tasks at the slots the Pacer gives, one slot at a
// time, as the engine would.
func (d *Desk) Sweep(ctx context.Context, account string) (SweepResult, error) {
	d.sweeping.Lock()
	defer d.sweeping.Unlock()
	var res SweepResult
	sched, acct, err := d.schedule(ctx, account)
	if err != nil {
		return res, err
	}
	now := d.now()
	open, err := d.Store.Tasks(ctx, paceline.TaskFilter{Account: account})
	if err != nil {
		return res, err
	}
	paused := acct.State == paceline.AccountPaused
	var planned []*paceline.Task
	for _, t := range open {
		from, slot := t.State, t.SlotKey()
		switch closed, err := d.closeStopped(ctx, t, now); {
		case err != nil:
			return res, err
		case closed:
			res.Stopped++
			continue
		}
		held, err := d.held(ctx, t, paused)
		if err != nil {
			return res, err
		}
		expired := false
		switch {
		case held != "" && (t.State == paceline.TaskOffered || t.State == paceline.TaskLeased && !now.Before(t.LeaseUntil)):
			// A paused account or campaign does nothing: what it was offered (or an
			// agent held until its lease ran out) waits, its slot released, and is
			// offered again at a slot the Pacer gives once it resumes.
			expired = true
			t.Outcome, t.Holder, t.LeaseUntil = held, "", time.Time{}
			t.State, t.Attempt, t.Due, t.Expires = paceline.TaskPlanned, t.Attempt+1, now, time.Time{}
		case t.State == paceline.TaskPlanned:
			if held == "" {
				planned = append(planned, t)
			}
			continue
		case !now.Before(t.Expires):
			// The lease id is kept: the agent that held the task may still report it
			// (Finish takes its late report).
			expired = true
			t.Holder, t.LeaseUntil, t.Outcome = "", time.Time{}, outcomeExpired
			if t.Attempt >= MaxOffers {
				t.State = paceline.TaskExpired
			} else {
				t.State, t.Attempt, t.Due, t.Expires = paceline.TaskPlanned, t.Attempt+1, now, time.Time{}
			}
		case t.State == paceline.TaskLeased && !now.Before(t.LeaseUntil):
			t.State, t.Holder, t.LeaseID, t.LeaseUntil = paceline.TaskOffered, "", "", time.Time{}
		default:
			continue
		}
		// The state changes first: a report that got in meanwhile wins, and its slot
		// is then not released under it.
		switch err := d.Store.UpdateTask(ctx, t, from); paceline.ErrorCode(err) {
		case "":
		case paceline.ECONFLICT:
			continue
		default:
			return res, err
		}
		switch {
		case !expired:
			res.Reoffered++
			continue
		case t.State == paceline.TaskExpired:
			res.GivenUp++
		case held != "":
			res.Paused++
		default:
			res.Expired++
			planned = append(planned, t)
		}
		if err := d.Store.SetActionResult(ctx, slot, paceline.ResultFailed); err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
			return res, fmt.Errorf("release slot of task %d: %w", t.ID, err)
		}
	}
	if len(planned) == 0 || paused {
		return res, nil
	}
	pacer, err := d.pacer(ctx, acct, now)
	if err != nil {
		return res, err
	}
	// Each planned task is asked about now, in order, so that one whose slot has come
	// is offered even when the plan of an earlier sweep put it later (a slot released
	// since). Once a request is refused, the tasks after it with the same request are
	// refused too: nothing recorded since makes the Pacer answer sooner.
	var waiting []*paceline.Task
	refused := map[limits.Request]bool{}
	for _, t := range planned {
		req := limits.Request{Kind: t.Kind, Note: t.WithNote}
		if refused[req] {
			waiting = append(waiting, t)
			continue
		}
		if dec := pacer.Decide(now, req); !dec.Allowed {
			refused[req] = true
			waiting = append(waiting, t)
			continue
		}
		a := paceline.Action{Key: t.SlotKey(), At: now, Account: t.Account, Kind: t.Kind, Lead: t.Lead,
			Result: paceline.ResultDone, WithNote: t.WithNote, Campaign: t.Campaign, Step: t.Step}
		if err := d.Store.RecordAction(ctx, &a); err != nil && paceline.ErrorCode(err) != paceline.ECONFLICT {
			return res, fmt.Errorf("reserve slot of task %d: %w", t.ID, err)
		}
		pacer.Record(a)
		t.State, t.Due, t.Expires, t.Outcome, t.LeaseID = paceline.TaskOffered, now, dayEnd(sched, now), "", ""
		if err := d.Store.UpdateTask(ctx, t, paceline.TaskPlanned); err != nil && paceline.ErrorCode(err) != paceline.ECONFLICT {
			return res, err
		}
		res.Offered++
	}
	return res, d.planWaiting(ctx, pacer, waiting, now)
}

// planWaiting gives each planned task that must wait its own slot in the Pacer's plan
// (Pacer.Plan, as `paceline limits plan` shows it): the first waiting invite gets the
// next invite slot, the second the one after, and so on, kind by kind. The slots are a
// forecast shown to people (they all read the next slot before); each sweep asks the
// Pacer again, and writes a task only when its slot moved. A task for which no slot can
// be foreseen (a hard block) is looked at again in an hour.
func (d *Desk) planWaiting(ctx context.Context, pacer *limits.Pacer, waiting []*paceline.Task, now time.Time) error {
	var order []limits.Request
	queues := map[limits.Request][]*paceline.Task{}
	for _, t := range waiting {
		req := limits.Request{Kind: t.Kind, Note: t.WithNote}
		if queues[req] == nil {
			order = append(order, req)
		}
		queues[req] = append(queues[req], t)
	}
	for _, req := range order {
		queue := queues[req]
		slots := pacer.Plan(now, []limits.Request{req}, len(queue))
		for i, t := range queue {
			var due time.Time
			switch {
			case i < len(slots):
				due = slots[i].At
			case t.Due.After(now):
				continue // a hard block, already to be looked at again
			default:
				due = now.Add(time.Hour)
			}
			if due.Equal(t.Due) {
				continue
			}
			t.Due = due
			if err := d.Store.UpdateTask(ctx, t, t.State); err != nil && paceline.ErrorCode(err) != paceline.ECONFLICT {
				return fmt.Errorf("plan task %d: %w", t.ID, err)
			}
		}
	}
	return nil
}

// pacer replays the account's ledger and events into a Pacer, as a tick does.
func (d *Desk) pacer(ctx context.Context, acct *paceline.Account, now time.Time) (*limits.Pacer, error) {
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return nil, err
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	until := now.Add(time.Nanosecond)
	actions, err := d.Store.Actions(ctx, acct.Name, since, until)
	if err != nil {
		return nil, err
	}
	events, err := d.Store.Events(ctx, acct.Name, since, until)
	if err != nil {
		return nil, err
	}
	return limits.Replay(cfg, origin, actions, events)
}

// closeStopped closes an open task unsent when StoppedFunc says its lead must not be
// contacted any more: skipped, with the reason in its outcome, and its slot, when one
// is reserved, released. A withdrawal contacts nobody and still goes out; a task an
// agent holds is left to its lease (the agent may be sending it): Sweep looks again
// when the lease ends.
func (d *Desk) closeStopped(ctx context.Context, t *paceline.Task, now time.Time) (bool, error) {
	if d.StoppedFunc == nil || t.Kind == paceline.KindWithdraw || t.State == paceline.TaskLeased && now.Before(t.LeaseUntil) {
		return false, nil
	}
	why, err := d.StoppedFunc(ctx, t)
	if err != nil {
		return false, fmt.Errorf("ask whether the lead of task %d may still be contacted: %w", t.ID, err)
	}
	if why == "" {
		return false, nil
	}
	from, slot := t.State, t.SlotKey()
	t.State, t.Outcome, t.DoneAt = paceline.TaskSkipped, outcomeStopped+why, now
	t.Holder, t.LeaseUntil = "", time.Time{}
	switch err := d.Store.UpdateTask(ctx, t, from); paceline.ErrorCode(err) {
	case "":
	case paceline.ECONFLICT:
		return false, nil // reported meanwhile: the report stands
	default:
		return false, err
	}
	if from == paceline.TaskPlanned {
		return true, nil // its last slot was released when it was planned again
	}
	if err := d.Store.SetActionResult(ctx, slot, paceline.ResultFailed); err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
		return true, fmt.Errorf("release slot of task %d: %w", t.ID, err)
	}
	return true, nil
}

// held says why a task must wait instead of being offered: its account is paused, or
// its campaign is (CampaignPausedFunc); "" when it need not.
func (d *Desk) held(ctx context.Context, t *paceline.Task, accountPaused bool) (string, error) {
	if accountPaused {
		return outcomePaused, nil
	}
	if d.CampaignPausedFunc == nil || t.Campaign == "" || t.Kind == paceline.KindWithdraw {
		return "", nil
	}
	paused, err := d.CampaignPausedFunc(ctx, t.Campaign)
	if err != nil {
		return "", fmt.Errorf("ask whether the campaign of task %d is paused: %w", t.ID, err)
	}
	if paused {
		return outcomeCampaignPaused, nil
	}
	return "", nil
}
