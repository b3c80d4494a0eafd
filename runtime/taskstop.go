package runtime

import (
	"context"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// StopStore is what LeadStopped reads: both stores are one.
type StopStore interface {
	IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error)
	LatestEndedEnrollments(ctx context.Context, account string, leadKeys []string) ([]paceline.EnrollmentRecord, error)
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)
	AnswersElsewhere(ctx context.Context, account string) ([]paceline.Event, error)
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
}

// LeadStopped returns what a hand-off desk asks before it shows a task
// (assist.Desk.StoppedFunc): why the task's lead must not be contacted any more, or
// "". A task of a stopped campaign is "campaign stopped". A lead on the suppression list (opted out or erased, by any way) is "opted_out";
// a lead whose enrollment in the task's campaign stopped on an answer (a reply on any
// channel or account, a bounce, an opt-out event) gives that answer. A sequence
// stopped after repeated failures is not an answer: its tasks stay. A reply or an
// opt-out recorded since the task was handed off, on its account or on another one
// (the mailbox), closes it at once, before the account's next tick stops the
// enrollment: that tick may be days away when every lead waits.
func LeadStopped(st StopStore) func(ctx context.Context, t *paceline.Task) (string, error) {
	return func(ctx context.Context, t *paceline.Task) (string, error) {
		if k, err := lead.ParseRef(t.Lead); err == nil {
			switch out, err := st.IsSuppressed(ctx, k); {
			case err != nil:
				return "", err
			case out:
				return string(paceline.EventOptedOut), nil
			}
		}
		if t.Campaign != "" {
			// A campaign stop leaves a task an agent holds to its lease; once the lease
			// ends, the task closes here (LatestEndedEnrollments reads active campaigns
			// only).
			switch c, err := st.Campaign(ctx, t.Campaign); {
			case err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND:
				return "", err
			case err == nil && c.State == paceline.CampaignStopped:
				return paceline.ReasonCampaignStopped, nil
			}
		}
		ended, err := st.LatestEndedEnrollments(ctx, t.Account, []string{t.Lead})
		if err != nil {
			return "", err
		}
		for _, rec := range ended {
			if rec.Campaign == t.Campaign && rec.State == paceline.EnrollmentStopped && rec.Reason != stoppedByFailures {
				return rec.Reason, nil
			}
		}
		since := t.CreatedAt
		if !t.Due.IsZero() && t.Due.Before(since) {
			since = t.Due
		}
		own, err := st.Events(ctx, t.Account, since, farFuture)
		if err != nil {
			return "", err
		}
		if why := stopsEveryone(own, t.Lead); why != "" {
			return why, nil
		}
		other, err := st.AnswersElsewhere(ctx, t.Account)
		if err != nil {
			return "", err
		}
		return stopsEveryone(other, t.Lead), nil
	}
}

// farFuture bounds a read of events "until now" whatever clock recorded them.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// stopsEveryone returns the first reply or opt-out of the lead among evs, the answers
// every sequence stops on (sequence.Validate), or "".
func stopsEveryone(evs []paceline.Event, ref string) string {
	for _, ev := range evs {
		if ev.Lead == ref && (ev.Type == paceline.EventReplied || ev.Type == paceline.EventOptedOut) {
			return string(ev.Type)
		}
	}
	return ""
}

// stoppedByFailures is the reason the engine gives an enrollment it stopped after
// repeated failed attempts (engine.maxFailures).
const stoppedByFailures = "failed"

// CampaignPaused returns what a hand-off desk asks before it offers a task
// (assist.Desk.CampaignPausedFunc): whether the task's campaign is paused, so that a
// person is not handed the steps of a campaign campaigns pause holds. A campaign that
// no longer exists is not paused.
func CampaignPaused(st interface {
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
}) func(ctx context.Context, campaign string) (bool, error) {
	return func(ctx context.Context, campaign string) (bool, error) {
		c, err := st.Campaign(ctx, campaign)
		switch {
		case paceline.ErrorCode(err) == paceline.ENOTFOUND:
			return false, nil
		case err != nil:
			return false, err
		}
		return c.State == paceline.CampaignPaused, nil
	}
}
