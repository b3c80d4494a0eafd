package assist

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// Report is what a person or an agent says about one task.
type Report struct {
	Outcome Outcome
	// Lease is the agent's lease id; "" for a person, who may finish any open task.
	Lease string
	// Events are what the agent saw on the way (an accept, a reply, a warning); their
	// Account and, when empty, Lead and At are filled from the task.
	Events []paceline.Event
}

// Finish records the outcome of an offered or leased task (see the package comment for
// what each outcome does to the ledger and the Pacer). A report that repeats the one
// already recorded answers the task again and changes nothing.
//
// Errors: ENOTFOUND for an unknown task; EINVALID for a task whose slot has not come
// (skipped, which drops it, is taken at any time); ECONFLICT for a task another agent
// holds or that was already finished otherwise.
func (d *Desk) Finish(ctx context.Context, id int64, r Report) (*paceline.Task, error) {
	o, err := ParseOutcome(string(r.Outcome))
	if err != nil {
		return nil, err
	}
	r.Outcome = o
	t, err := d.Store.Task(ctx, id)
	if err != nil {
		return nil, err
	}
	now := d.now()
	if t.State == paceline.TaskPlanned && (t.Outcome == outcomeExpired && r.Lease != "" && r.Lease == t.LeaseID || t.Outcome == outcomePaused || t.Outcome == outcomeCampaignPaused) {
		return d.finishLate(ctx, t, r, now)
	}
	if t.State == paceline.TaskSkipped && strings.HasPrefix(t.Outcome, outcomeStopped) && r.Outcome == OutcomeSent && !t.Expires.IsZero() {
		return d.finishStopped(ctx, t, r, now)
	}
	if err := d.checkReport(t, r, now); err != nil {
		return nil, err
	}
	if Repeats(t, r.Outcome) {
		// A duplicate. The events dedupe by key.
		return t, d.recordEvents(ctx, t, r, now)
	}
	from, slot := t.State, t.SlotKey()
	t.State, t.Outcome, t.Holder, t.LeaseID, t.LeaseUntil = r.Outcome.state(), string(r.Outcome), "", "", time.Time{}
	t.DoneAt = now
	if t.State == paceline.TaskPlanned {
		// Refused: offered again at the next slot, which the Pacer, having heard the
		// limit notice, puts later.
		t.Attempt++
		t.Due, t.Expires = now, time.Time{}
	}
	if err := d.Store.UpdateTask(ctx, t, from); err != nil {
		return nil, err
	}
	if r.Outcome != OutcomeSent {
		if err := d.Store.SetActionResult(ctx, slot, r.Outcome.release()); err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
			return nil, fmt.Errorf("release slot of task %d: %w", t.ID, err)
		}
	}
	return t, d.recordEvents(ctx, t, r, now)
}

// Repeats reports whether outcome o, reported for task t as it is stored, repeats the
// outcome already recorded, which Finish answers without changing anything: so that a
// person who reports twice is told it was already recorded. A planned task keeps the
// outcome of its last slot until Sweep offers it again.
func Repeats(t *paceline.Task, o Outcome) bool {
	return t.Outcome == string(o) && (!t.State.Open() || t.State == paceline.TaskPlanned)
}

// checkReport refuses a report the task's state does not allow. A planned task holds
// no slot: an outcome that says the action was attempted (sent, failed, refused, a
// limit notice) must wait for the slot the Pacer gives, but skipped only drops the
// task, which a person may do at any time.
func (d *Desk) checkReport(t *paceline.Task, r Report, now time.Time) error {
	switch {
	case t.State == paceline.TaskPlanned && t.Outcome != string(r.Outcome) && r.Outcome != OutcomeSkipped:
		return paceline.Errorf(paceline.EINVALID, "task %d is not due until its next slot (%s): it cannot be done before the Pacer allows it (to drop it, report it skipped)",
			t.ID, t.Due.Format(time.RFC3339))
	case t.State == paceline.TaskLeased && r.Lease != "" && r.Lease != t.LeaseID && now.Before(t.LeaseUntil):
		return paceline.Errorf(paceline.ECONFLICT, "task %d is leased by another agent (lease %s is not the current one)", t.ID, r.Lease)
	case !t.State.Open() && t.Outcome != string(r.Outcome):
		return paceline.Errorf(paceline.ECONFLICT, "task %d was already reported %s; it cannot become %s", t.ID, t.Outcome, r.Outcome)
	}
	return nil
}

// recordEvents stores what the report saw, each under a key made of the task, the
// attempt and the event, so that a repeated report stores nothing twice. A limit
// notice outcome is itself an event: the Pacer backs off that kind. A restricted
// outcome is the restriction event the engine records when the platform restricts an
// account: with no end given, the Pacer stops the account for its configured
// restriction (Backoff.Restriction, 7 days) and resumes it by itself after.
// A refused outcome records nothing: an ordinary refusal is no limit notice. When it
// records any, it wakes the task's account (WakeFunc).
func (d *Desk) recordEvents(ctx context.Context, t *paceline.Task, r Report, now time.Time) error {
	evs := r.Events
	switch r.Outcome {
	case OutcomeLimitNotice:
		evs = append(evs[:len(evs):len(evs)], paceline.Event{Type: paceline.EventLimitHit, Kind: t.Kind})
	case OutcomeRestricted:
		evs = append(evs[:len(evs):len(evs)], paceline.Event{Type: paceline.EventRestricted})
	}
	attempt := t.Attempt
	if t.State == paceline.TaskPlanned {
		attempt-- // the attempt the report was about
	}
	for i := range evs {
		e := evs[i]
		e.Account = t.Account
		if e.At.IsZero() {
			e.At = now
		}
		switch e.Type {
		case paceline.EventAccepted, paceline.EventReplied, paceline.EventDeclined:
			if e.Lead == "" {
				e.Lead = t.Lead
			}
		case paceline.EventLimitHit, paceline.EventWarning:
			if e.Kind == "" {
				e.Kind = t.Kind
			}
		}
		e.Key = fmt.Sprintf("task/%d/%d/%s/%s", t.ID, attempt, e.Type, e.Lead)
		if _, err := d.Store.RecordEvent(ctx, &e); err != nil {
			return fmt.Errorf("record %s of task %d: %w", e.Type, t.ID, err)
		}
	}
	if len(evs) == 0 || d.WakeFunc == nil {
		return nil
	}
	// The account's tick applies the events (an accept moves its lead on); asleep, it
	// would only at its next planned wake-up, weeks away for a lead waiting on an
	// accept. Woken for a repeated report too: the first one's wake may have failed.
	if err := d.WakeFunc(ctx, t.Account); err != nil {
		return fmt.Errorf("task %d: its report is recorded, but account %s's tick could not be brought forward to act on it (report it again to retry): %w", t.ID, t.Account, err)
	}
	return nil
}

// finishLate takes the report of the agent that held the task when its working day
// ended, or of a person about a task taken back when its account or campaign was
// paused: what they did has happened, so a sent action gets its released slot back
// (and is not offered again), and any other outcome leaves the slot released.
func (d *Desk) finishLate(ctx context.Context, t *paceline.Task, r Report, now time.Time) (*paceline.Task, error) {
	prev := *t
	prev.Attempt--
	t.Outcome, t.LeaseID, t.DoneAt = string(r.Outcome), "", now
	if st := r.Outcome.state(); st != paceline.TaskPlanned {
		t.State, t.Attempt = st, prev.Attempt
	}
	if err := d.Store.UpdateTask(ctx, t, paceline.TaskPlanned); err != nil {
		return nil, err
	}
	if r.Outcome == OutcomeSent {
		if err := d.Store.SetActionResult(ctx, prev.SlotKey(), paceline.ResultDone); err != nil {
			return nil, fmt.Errorf("restore slot of task %d: %w", t.ID, err)
		}
	}
	return t, d.recordEvents(ctx, t, r, now)
}

// finishStopped takes a "sent" report of a task closed because its lead's sequence
// stopped while it was offered: the person or agent had sent it before the listing
// showed it closed. It happened, so it counts: the task is done and its slot, released
// when it was closed, is counted again.
func (d *Desk) finishStopped(ctx context.Context, t *paceline.Task, r Report, now time.Time) (*paceline.Task, error) {
	t.State, t.Outcome, t.DoneAt, t.LeaseID = paceline.TaskDone, string(OutcomeSent), now, ""
	if err := d.Store.UpdateTask(ctx, t, paceline.TaskSkipped); err != nil {
		return nil, err
	}
	if err := d.Store.SetActionResult(ctx, t.SlotKey(), paceline.ResultDone); err != nil {
		return nil, fmt.Errorf("restore slot of task %d: %w", t.ID, err)
	}
	return t, d.recordEvents(ctx, t, r, now)
}
