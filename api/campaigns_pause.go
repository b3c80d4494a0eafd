package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// DefaultPauseReason is the reason a pause that gives none stores.
const DefaultPauseReason = "paused by user"

// MaxPauseReason is the longest reason a pause stores, in bytes.
const MaxPauseReason = 500

// PauseOutcome says what PauseCampaign did.
type PauseOutcome int

const (
	// Paused: the campaign was active and is paused now.
	Paused PauseOutcome = iota
	// AlreadyPaused: the campaign was paused already and nothing changed.
	AlreadyPaused
	// ReasonReplaced: the campaign was paused already; only its reason changed.
	ReasonReplaced
)

// PauseResult is what PauseCampaign did, with the campaign as it was before.
type PauseResult struct {
	Outcome PauseOutcome
	// Before is the campaign as it was read before the pause.
	Before *paceline.Campaign
}

// Was says since when and why the campaign was paused before, as in "since
// 2026-11-27 14:00 UTC: holiday"; "" when it was not paused.
func (p PauseResult) Was() string {
	if p.Before == nil || p.Before.State != paceline.CampaignPaused {
		return ""
	}
	reason := p.Before.PausedReason
	if reason == "" {
		reason = "no reason given"
	}
	since := p.Before.PausedAt // when the pause began, which a new reason does not move
	if since.IsZero() {
		since = p.Before.UpdatedAt
	}
	return fmt.Sprintf("since %s: %s", since.UTC().Format("2006-01-02 15:04 MST"), reason)
}

// Resume is the command that resumes the campaign.
func (p PauseResult) Resume() string {
	return "paceline campaigns start " + shellword.Quote(p.Before.Name)
}

// LeadLister lists leads; paceline.LeadStore is one.
type LeadLister interface {
	ListLeads(ctx context.Context, f paceline.LeadFilter) ([]*paceline.Lead, error)
}

// PauseCampaign pauses the stored campaign name, the one rule paceline campaigns pause,
// POST /api/v1/campaigns/{name}/pause and the dashboard's Pause button follow. reason ""
// means none was given: an active campaign is paused for DefaultPauseReason, and a
// paused one keeps the reason it was paused for (a user's, or the engine's low
// acceptance rate); a new reason replaces it. A draft sends nothing until it is
// started, so pausing one is refused with ECONFLICT saying what starting it needs
// (leads may be nil: the message then says nothing about them); a stopped one holds
// no lead any more, so pausing it is refused with ECONFLICT too. Errors: ENOTFOUND,
// ECONFLICT, EINVALID (a reason too long).
func PauseCampaign(ctx context.Context, st CampaignStore, leads LeadLister, name, reason string) (PauseResult, error) {
	if len(reason) > MaxPauseReason {
		return PauseResult{}, paceline.FieldErrorf("reason", "is %d bytes long; give a reason of at most %d bytes", len(reason), MaxPauseReason)
	}
	c, err := st.Campaign(ctx, name)
	if err != nil {
		return PauseResult{}, err
	}
	res := PauseResult{Outcome: Paused, Before: c}
	switch c.State {
	case paceline.CampaignDraft:
		return res, DraftPauseError(ctx, leads, c)
	case paceline.CampaignStopped:
		return res, stoppedPauseError(c)
	case paceline.CampaignPaused:
		if reason == "" || reason == c.PausedReason {
			res.Outcome = AlreadyPaused
			return res, nil
		}
		res.Outcome = ReasonReplaced
	}
	if reason == "" {
		reason = DefaultPauseReason
	}
	if err := st.SetCampaignState(ctx, c.Name, paceline.CampaignPaused, reason); err != nil {
		return res, fmt.Errorf("pause campaign %s: %w", c.Name, err)
	}
	return res, nil
}

// DraftPauseError refuses to pause the draft c, and says what starting it needs: a
// draft was paused, and the start the message pointed to then failed for want of
// leads. leads may be nil.
func DraftPauseError(ctx context.Context, leads LeadLister, c *paceline.Campaign) error {
	const refused = "campaign %s is a draft: it sends nothing until it is started, so there is nothing to pause; "
	start := "paceline campaigns start " + shellword.Quote(c.Name)
	if leads == nil {
		return paceline.Errorf(paceline.ECONFLICT, refused+"start it when it should send: %s", c.Name, start)
	}
	some, err := leads.ListLeads(ctx, paceline.LeadFilter{List: c.List, Limit: 1})
	if err != nil {
		return fmt.Errorf("list the leads of campaign %s: %w", c.Name, err)
	}
	switch {
	case len(some) > 0:
		return paceline.Errorf(paceline.ECONFLICT, refused+"start it when it should send: %s", c.Name, start)
	case c.List == "":
		return paceline.Errorf(paceline.ECONFLICT, refused+"starting it needs leads: import some (paceline leads import FILE), then: %s", c.Name, start)
	}
	return paceline.Errorf(paceline.ECONFLICT, refused+"starting it needs leads in its list %q: import some (paceline leads import FILE --list %s), then: %s",
		c.Name, c.List, shellword.Quote(c.List), start)
}

// pauseCampaign is POST /api/v1/campaigns/{name}/pause: PauseCampaign's rule; a
// campaign paused already without a new reason answers 200 as it is.
func (a *API) pauseCampaign(w http.ResponseWriter, r *http.Request) error {
	st, err := a.campaignStore()
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := a.decodeOptional(w, r, &in); err != nil {
		return err
	}
	name := r.PathValue("name")
	var leads LeadLister
	if a.deps.Leads != nil {
		leads = a.deps.Leads
	}
	if _, err := PauseCampaign(r.Context(), st, leads, name, in.Reason); err != nil {
		return err
	}
	return a.writeCampaign(w, r, st, name)
}
