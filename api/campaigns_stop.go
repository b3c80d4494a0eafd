package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/paceline/paceline"
)

// CampaignStopper ends campaigns for good; *sqlite.Store and *postgres.Store are ones.
type CampaignStopper interface {
	// StopCampaign makes an active or paused campaign stopped, stops its running
	// enrollments and closes its open assisted tasks unsent, in one transaction.
	// Errors: ENOTFOUND; ECONFLICT for a draft or a campaign stopped already.
	StopCampaign(ctx context.Context, name string) (paceline.CampaignStop, error)
}

// StopOutcome says what StopCampaign did.
type StopOutcome int

const (
	// Stopped: the campaign was active or paused and is stopped now.
	Stopped StopOutcome = iota
	// AlreadyStopped: the campaign was stopped already and nothing changed.
	AlreadyStopped
)

// StopResult is what StopCampaign did, with the campaign as it was before.
type StopResult struct {
	Outcome StopOutcome
	// Before is the campaign as it was read before the stop.
	Before *paceline.Campaign
	// Ended is what the stop ended; zero when nothing changed.
	Ended paceline.CampaignStop
}

// Since says when a campaign stopped already was stopped, as in "since 2026-11-27
// 14:00 UTC"; "" when it was not stopped.
func (s StopResult) Since() string {
	if s.Before == nil || s.Before.State != paceline.CampaignStopped {
		return ""
	}
	return "since " + s.Before.UpdatedAt.UTC().Format("2006-01-02 15:04 MST")
}

// StopCampaign ends the stored campaign name for good, the one rule paceline campaigns
// stop, POST /api/v1/campaigns/{name}/stop and the dashboard's Stop button follow: its
// running enrollments stop (their leads free for another campaign's start) and its
// open assisted tasks close unsent, in the transaction that makes it stopped, after
// which it is never started, paused or edited again. A campaign stopped already is
// answered as it is (AlreadyStopped). A draft is refused with ECONFLICT: it never
// started, and is deleted instead. st must be a CampaignStopper. Errors: ENOTFOUND,
// ECONFLICT, EUNAVAILABLE (a store that cannot stop campaigns).
func StopCampaign(ctx context.Context, st CampaignStore, name string) (StopResult, error) {
	c, err := st.Campaign(ctx, name)
	if err != nil {
		return StopResult{}, err
	}
	res := StopResult{Outcome: Stopped, Before: c}
	if c.State == paceline.CampaignStopped {
		res.Outcome = AlreadyStopped
		return res, nil
	}
	stopper, ok := st.(CampaignStopper)
	if !ok {
		return res, paceline.Errorf(paceline.EUNAVAILABLE, "this server cannot stop campaigns; stop it where its database is served: paceline campaigns stop")
	}
	if res.Ended, err = stopper.StopCampaign(ctx, c.Name); err != nil {
		if paceline.ErrorCode(err) != "" {
			return res, err
		}
		return res, fmt.Errorf("stop campaign %s: %w", c.Name, err)
	}
	return res, nil
}

// stoppedPauseError refuses to pause the stopped campaign c: it holds no lead and
// sends nothing.
func stoppedPauseError(c *paceline.Campaign) error {
	return paceline.Errorf(paceline.ECONFLICT,
		"campaign %s was stopped on %s: it holds no lead and sends nothing, so there is nothing to pause (a stop is for good)",
		c.Name, c.UpdatedAt.UTC().Format("2006-01-02 15:04 MST"))
}

// StopView is what POST /api/v1/campaigns/{name}/stop answers: the campaign, and what
// this stop ended.
type StopView struct {
	CampaignView
	// StoppedEnrollments is how many of its enrollments were running and stopped.
	StoppedEnrollments int `json:"stopped_enrollments"`
	// ClosedTasks is how many of its open assisted tasks were closed unsent.
	ClosedTasks int `json:"closed_tasks"`
	// LeftToAgents is how many of its open assisted tasks an agent held under a live
	// lease and were left to it (the agent may be sending one): the desk closes each
	// unsent when its lease ends unreported.
	LeftToAgents int `json:"left_to_agents"`
	// AlreadyStopped is set when the campaign was stopped before and nothing changed.
	AlreadyStopped bool `json:"already_stopped"`
}

// stopCampaign is POST /api/v1/campaigns/{name}/stop: StopCampaign's rule; a campaign
// stopped already answers 200 as it is.
func (a *API) stopCampaign(w http.ResponseWriter, r *http.Request) error {
	st, err := a.campaignStore()
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	res, err := StopCampaign(r.Context(), st, name)
	if err != nil {
		return err
	}
	v, err := a.storedView(r, st, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, StopView{CampaignView: v, StoppedEnrollments: res.Ended.Enrollments,
		ClosedTasks: res.Ended.Tasks, LeftToAgents: res.Ended.LeftToAgents, AlreadyStopped: res.Outcome == AlreadyStopped})
	return nil
}
