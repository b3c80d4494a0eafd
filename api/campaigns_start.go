package api

import (
	"errors"
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// startCampaign is POST /api/v1/campaigns/{name}/start: StartCampaignFunc's start,
// answered with the campaign and its StartReport, so that a client hears what
// paceline campaigns start prints (why leads were left out, a resume). It used to
// answer how many leads were enrolled and nothing of the others. The body, optional,
// carries the StartOptions; a start refused because some of its leads were contacted
// by another account (ContactedRefusal) answers 409 with the counts in the error's
// details, and one of its options goes on.
func (a *API) startCampaign(w http.ResponseWriter, r *http.Request) error {
	st, err := a.campaignStore()
	if err != nil {
		return err
	}
	var opt StartOptions
	if err := a.decodeOptional(w, r, &opt); err != nil {
		return err
	}
	if err := opt.Check(); err != nil {
		return err
	}
	name := r.PathValue("name")
	if _, err := st.Campaign(r.Context(), name); err != nil {
		return err
	}
	if a.deps.StartCampaignFunc == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server cannot enroll leads: start the campaign with paceline campaigns start %s", shellword.Quote(name))
	}
	rep, err := a.deps.StartCampaignFunc(r.Context(), name, opt)
	var refused *ContactedRefusal
	if errors.As(err, &refused) {
		writeJSON(w, Status(err), errorBody{Error: errorDetail{Code: paceline.ECONFLICT, Message: paceline.ErrorMessage(err), Details: refused.Details()}})
		return nil
	}
	if err != nil {
		return err
	}
	v, err := a.storedView(r, st, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		CampaignView
		StartReport
	}{v, rep.normalized()})
	return nil
}
