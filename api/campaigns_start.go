package api

import (
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// startCampaign is POST /api/v1/campaigns/{name}/start: StartCampaignFunc's start,
// answered with the campaign and its StartReport, so that a client hears what
// paceline campaigns start prints (why leads were left out, a resume). It used to
// answer how many leads were enrolled and nothing of the others.
func (a *API) startCampaign(w http.ResponseWriter, r *http.Request) error {
	st, err := a.campaignStore()
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	if _, err := st.Campaign(r.Context(), name); err != nil {
		return err
	}
	if a.deps.StartCampaignFunc == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server cannot enroll leads: start the campaign with paceline campaigns start %s", shellword.Quote(name))
	}
	rep, err := a.deps.StartCampaignFunc(r.Context(), name)
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
