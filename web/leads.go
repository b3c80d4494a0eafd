package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/lead"
)

type leadsData struct {
	Page        api.LeadPage
	Filter      paceline.LeadFilter
	Seniorities []paceline.Seniority
	NextURL     string
	Presets     []string // the upload form's header presets
}

func (s *Server) leadsPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	f, err := api.LeadFilterFrom(r)
	if err != nil {
		return err
	}
	page, err := s.api.ListLeadPage(r, f)
	if err != nil {
		return err
	}
	d := leadsData{Page: page, Filter: f, Seniorities: paceline.Seniorities, Presets: lead.Presets}
	if page.NextAfter != 0 {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("after", strconv.FormatInt(page.NextAfter, 10))
		d.NextURL = "/leads?" + q.Encode()
	}
	s.render(w, r, http.StatusOK, "leads", s.page(sess, "Leads", "leads", d))
	return nil
}
