package runtime

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// ReviewStore is what the review list reads to leave out texts that will never be
// sent. Both stores have these methods (asserted in the tests), so AIText's Campaigns
// always has them in serve and the CLI; a Campaigns without them lists every text.
//
// A campaign's running enrollments are read whatever the campaign's state, not the
// account's RunningEnrollments (active campaigns only): a paused campaign's texts
// still go out once it resumes, so they stay listed and can be approved.
type ReviewStore interface {
	CampaignEnrollments(ctx context.Context, campaign string) ([]paceline.EnrollmentRecord, error)
	IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error)
}

// liveness answers, for the texts of one listing, why a text will never be sent: its
// lead opted out, or its enrollment no longer runs. It reads each campaign's running
// enrollments once.
type liveness struct {
	st      ReviewStore
	running map[string]map[string]paceline.EnrollmentRecord // campaign -> lead
}

func (x *AIText) liveness() *liveness {
	st, _ := x.Campaigns.(ReviewStore)
	return &liveness{st: st, running: map[string]map[string]paceline.EnrollmentRecord{}}
}

// dead returns why the reviewed text will never be sent, "" when it still may be.
func (l *liveness) dead(ctx context.Context, r Review) (string, error) {
	if l.st == nil {
		return "", nil
	}
	recs, ok := l.running[r.Key.Campaign]
	if !ok {
		list, err := l.st.CampaignEnrollments(ctx, r.Key.Campaign)
		if err != nil {
			return "", fmt.Errorf("read the running enrollments of campaign %s: %w", r.Key.Campaign, err)
		}
		recs = map[string]paceline.EnrollmentRecord{}
		for _, rec := range list {
			recs[rec.Lead] = rec
		}
		l.running[r.Key.Campaign] = recs
	}
	rec, ok := recs[r.Key.Lead]
	if !ok {
		return fmt.Sprintf("the enrollment of lead %s in campaign %s has stopped, so step %s will never be sent", r.Key.Lead, r.Key.Campaign, r.Key.Step), nil
	}
	facts, err := readFacts(rec.LeadFacts)
	if err != nil {
		return "", fmt.Errorf("lead %s in campaign %s: %w", r.Key.Lead, r.Key.Campaign, err)
	}
	keys := lead.Keys(facts.lead())
	if len(keys) == 0 {
		return "", nil
	}
	out, err := l.st.IsSuppressed(ctx, keys...)
	if err != nil {
		return "", fmt.Errorf("check whether %s opted out: %w", r.Key.Lead, err)
	}
	if out {
		return fmt.Sprintf("lead %s opted out, so step %s of campaign %s will never be sent", r.Key.Lead, r.Key.Step, r.Key.Campaign), nil
	}
	return "", nil
}

// checkLive refuses a decision on a text that will never be sent (ECONFLICT with the
// reason), so that nobody is told a text will go out when it cannot.
func (x *AIText) checkLive(ctx context.Context, k aiwrite.Key) error {
	e, found, err := x.Store.Get(ctx, k)
	if err != nil || !found || e.Payload == "" {
		return err // the decision itself says there is nothing to review
	}
	r, err := reviewOf(e)
	if err != nil {
		return err
	}
	why, err := x.liveness().dead(ctx, r)
	if err != nil {
		return err
	}
	if why != "" {
		return paceline.Errorf(paceline.ECONFLICT, "%s: there is nothing to approve", why)
	}
	return nil
}
