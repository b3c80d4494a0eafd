package api

import (
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
)

// CampaignVariants is the answer of GET /api/v1/campaigns/{name}/variants: every step
// of the campaign that tests variants, in sequence order (runtime.VariantReport).
type CampaignVariants struct {
	Campaign string                 `json:"campaign"`
	Steps    []runtime.StepVariants `json:"steps"`
}

func (a *API) campaignVariants(w http.ResponseWriter, r *http.Request) error {
	st, err := a.campaignStore()
	if err != nil {
		return err
	}
	vs, ok := st.(runtime.VariantStore)
	if !ok {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server's campaign store keeps no enrollments to count variants from: use a database served by paceline serve")
	}
	name := r.PathValue("name")
	steps, err := runtime.VariantReport(r.Context(), vs, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, CampaignVariants{Campaign: name, Steps: steps})
	return nil
}
