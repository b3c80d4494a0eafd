package web

import (
	"html/template"
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

type campaignView struct {
	api.Funnel
	FunnelSVG template.HTML
	ChartSVG  template.HTML
	// Variants are the rows of the campaign's A/B tests, none when it has no variants.
	Variants []variantRow
}

func (s *Server) campaignsPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	fs, err := api.CampaignFunnels(r.Context(), s.deps.API.Accounts, s.deps.API.History, s.now(), api.DefaultFunnelDays)
	if err != nil {
		return err
	}
	views := make([]campaignView, len(fs))
	for i, f := range fs {
		views[i] = campaignView{Funnel: f, FunnelSVG: funnelSVG(f), ChartSVG: daysChartSVG(f.Days)}
		if views[i].Variants, err = s.campaignVariants(r.Context(), f.Campaign); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "campaigns", s.page(sess, "Campaigns", "campaigns", views))
	return nil
}
