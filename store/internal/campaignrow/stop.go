package campaignrow

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/internal/mergerow"
)

// TaskStoppedOutcome is the outcome of an assisted task a campaign stop closed unsent:
// the prefix the hand-off desk writes on a task whose lead's sequence stopped
// (executor/assist's outcomeStopped), so that a "sent" report that comes after (the
// person had sent it before the listing showed it closed) is taken as the desk takes
// it for any stopped lead, then the reason.
const TaskStoppedOutcome = "not sent, lead stopped: " + paceline.ReasonCampaignStopped

// StopWhere is the condition, on a campaigns row, that it may be stopped: it started
// (active or paused). A draft is deleted instead, and a stopped one is stopped already.
const StopWhere = `state IN ('active', 'paused')`

// Ended is a running enrollment a stop ends: its id, when it started and the engine's
// snapshot of it ("" for one no tick has run yet).
type Ended struct {
	ID       int64
	Started  time.Time
	Snapshot string
}

// EndedSnapshot returns the snapshot of e once stopped at at by its campaign's stop:
// ended, with no step and nothing due, as a merge writes it (mergerow.Stopped), since a
// tick may read it back to credit a late answer to the variant it sent.
func EndedSnapshot(e Ended, at time.Time) (string, error) {
	return mergerow.Stopped(mergerow.Running{ID: e.ID, Started: e.Started, Snapshot: e.Snapshot}, at, paceline.ReasonCampaignStopped)
}

// Stopped is the error for starting, pausing, enrolling leads in or otherwise changing
// the stopped campaign c (as stored): a stop is for good. what is what was refused,
// such as "started" or "paused".
func Stopped(c *paceline.Campaign, what string) error {
	return paceline.Errorf(paceline.ECONFLICT,
		"campaign %s was stopped on %s: a stopped campaign cannot be %s again (its enrollments ended; its history stays readable with paceline campaigns status %s); to reach its leads again, create a new campaign (paceline campaigns create) and start it",
		c.Name, c.UpdatedAt.UTC().Format("2006-01-02 15:04 MST"), what, shellword.Quote(c.Name))
}

// NotStoppable is the error for stopping the campaign c (as stored) that is not active
// or paused: a draft, which never started and is deleted instead, or one stopped
// already.
func NotStoppable(c *paceline.Campaign) error {
	q := shellword.Quote(c.Name)
	if c.State == paceline.CampaignStopped {
		return paceline.Errorf(paceline.ECONFLICT, "campaign %s is stopped already (since %s); nothing changed",
			c.Name, c.UpdatedAt.UTC().Format("2006-01-02 15:04 MST"))
	}
	if c.State == paceline.CampaignDraft {
		return paceline.Errorf(paceline.ECONFLICT,
			"campaign %s is a draft: it never started, so there is nothing to stop; delete it instead: paceline campaigns delete %s", c.Name, q)
	}
	return paceline.Errorf(paceline.ECONFLICT, "campaign %s is %s: only an active or paused campaign can be stopped", c.Name, c.State)
}

// SetStopped is what setting the stopped campaign c to state answers: nil for a pause,
// which leaves it as it is (stopped holds more than paused; the engine may pause a
// campaign that a stop ended while its tick ran), Stopped for a start.
func SetStopped(c *paceline.Campaign, state paceline.CampaignState) error {
	if state == paceline.CampaignPaused {
		return nil
	}
	return Stopped(c, "started")
}
