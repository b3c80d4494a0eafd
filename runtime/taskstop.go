package runtime

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// StopStore is what LeadStopped reads: both stores are one.
type StopStore interface {
	IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error)
	LatestEndedEnrollments(ctx context.Context, account string, leadKeys []string) ([]paceline.EnrollmentRecord, error)
}

// LeadStopped returns what a hand-off desk asks before it shows a task
// (assist.Desk.StoppedFunc): why the task's lead must not be contacted any more, or
// "". A lead on the suppression list (opted out or erased, by any way) is "opted_out";
// a lead whose enrollment in the task's campaign stopped on an answer (a reply on any
// channel or account, a bounce, an opt-out event) gives that answer. A sequence
// stopped after repeated failures is not an answer: its tasks stay.
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
		ended, err := st.LatestEndedEnrollments(ctx, t.Account, []string{t.Lead})
		if err != nil {
			return "", err
		}
		for _, rec := range ended {
			if rec.Campaign == t.Campaign && rec.State == paceline.EnrollmentStopped && rec.Reason != stoppedByFailures {
				return rec.Reason, nil
			}
		}
		return "", nil
	}
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
