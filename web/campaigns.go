package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

type campaignView struct {
	api.CampaignView
	FunnelSVG template.HTML
	ChartSVG  template.HTML
	// Variants are the rows of the campaign's A/B tests, none when it has no variants.
	Variants []variantRow
	// CanPause and CanStart say which button the campaign gets: Pause while it is
	// active, Start (Resume when paused) while it is a draft or paused, neither when
	// the server keeps no campaigns or cannot start one, nor once it is stopped.
	CanPause, CanStart bool
	// CanStop gives a started campaign (active or paused) the Stop button beside
	// them, which ends it for good, when the server's store can stop campaigns (the
	// demo's cannot).
	CanStop bool
}

// campaignsPage is the stored campaigns with their state and the funnel of every
// campaign the ledger knows.
type campaignsPage struct {
	Campaigns []campaignView
	// Done says what the last button did, a line each (a start says why it left
	// leads of the list out, one reason a line); Problem why it could not.
	Done    []string
	Problem string
	// Contacted, after a start refused because some of its leads were contacted by
	// another account (api.ContactedRefusal), says so and offers the two ways on.
	Contacted *contactedChoice
	// Days is how far back the funnels look (?days=, as the API's list takes it);
	// TypedDays is the days form as typed and Problems why it was refused.
	Days      int
	TypedDays string
	Problems  fieldProblems
}

// maxFunnelDays bounds ?days= on the Campaigns page, as GET /api/v1/campaigns does.
const maxFunnelDays = 400

func (s *Server) campaignsPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	page := campaignsPage{Done: flashLines(flash(r, sess, "done")), Problem: flash(r, sess, "problem"),
		Contacted: contactedChoiceOf(flash(r, sess, contactedFlash)),
		Days:      api.DefaultFunnelDays, TypedDays: strconv.Itoa(api.DefaultFunnelDays), Problems: fieldProblems{}}
	status := http.StatusOK
	if q := r.URL.Query(); q.Has("days") {
		page.TypedDays = q.Get("days")
		days, err := boundedInt(page.TypedDays, "days", 1, maxFunnelDays)
		if err != nil {
			// Refused: the form as typed with the range; the funnels of the default.
			page.Problems.add(err, "days")
			status = http.StatusBadRequest
		} else {
			page.Days = days
		}
	}
	cvs, err := api.CampaignViews(r.Context(), &s.deps.API, page.Days)
	if err != nil {
		return err
	}
	page.Campaigns = make([]campaignView, len(cvs))
	stored := s.deps.API.Campaigns != nil
	_, stoppable := s.deps.API.Campaigns.(api.CampaignStopper)
	for i, c := range cvs {
		v := campaignView{CampaignView: c,
			CanPause: stored && c.State == string(paceline.CampaignActive),
			CanStart: stored && s.deps.API.StartCampaignFunc != nil && (c.State == string(paceline.CampaignPaused) || c.State == string(paceline.CampaignDraft)),
			CanStop:  stoppable && (c.State == string(paceline.CampaignActive) || c.State == string(paceline.CampaignPaused))}
		if c.Funnel != nil {
			v.FunnelSVG, v.ChartSVG = funnelSVG(*c.Funnel), daysChartSVG(c.Funnel.Days)
		}
		if v.Variants, err = s.campaignVariants(r.Context(), c.Name); err != nil {
			return err
		}
		page.Campaigns[i] = v
	}
	s.render(w, r, status, "campaigns", s.page(sess, "Campaigns", "campaigns", page))
	return nil
}

// pauseCampaign is the Campaigns page's Pause button: the campaign's accounts stop
// sending its steps at their next tick; its leads' answers still come in. It follows
// api.PauseCampaign, as the CLI and the API do: a draft is refused, and a campaign
// paused already keeps its reason.
func (s *Server) pauseCampaign(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	st := s.deps.API.Campaigns
	if st == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server keeps no campaigns of its own, so none can be paused here")
	}
	var leads api.LeadLister
	if s.deps.API.Leads != nil {
		leads = s.deps.API.Leads
	}
	name := r.PathValue("name")
	res, err := api.PauseCampaign(r.Context(), st, leads, name, "")
	if err != nil {
		return campaignProblem(w, r, sess, err)
	}
	msg := "Paused " + name + ": its accounts send none of its steps until you resume it."
	if res.Outcome == api.AlreadyPaused {
		msg = name + " is already paused (" + res.Was() + "); nothing changed. Resume it to send its steps again."
	}
	http.Redirect(w, r, flashURL("/campaigns", "done", msg, sess), http.StatusSeeOther)
	return nil
}

// startCampaign is the Start and Resume button: it does what `paceline campaigns
// start` does (enroll the list's new leads, make the campaign active) and says what
// the command prints: a resume, how many leads it enrolled, and why it left each
// other lead of the list out. It used to say only how many it enrolled. A start refused
// because some of its leads were contacted by another account goes back to the page
// with the refusal and a form of the two ways on (contactedChoice), which posts here
// again with the choice.
func (s *Server) startCampaign(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	st := s.deps.API.Campaigns
	if st == nil || s.deps.API.StartCampaignFunc == nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server cannot start campaigns: run paceline campaigns start NAME")
	}
	name := r.PathValue("name")
	opt, err := startOptionsOf(r)
	if err != nil {
		return campaignProblem(w, r, sess, err)
	}
	rep, err := s.deps.API.StartCampaignFunc(r.Context(), name, opt)
	var refused *api.ContactedRefusal
	if errors.As(err, &refused) {
		http.Redirect(w, r, flashURL("/campaigns", contactedFlash, name+"\n"+refused.Reason(), sess), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return campaignProblem(w, r, sess, err)
	}
	c, err := st.Campaign(r.Context(), name)
	if err != nil {
		return campaignProblem(w, r, sess, err)
	}
	msg := append([]string{rep.Headline(name)}, rep.LeftOutLines(c, false)...)
	msg = append(msg, rep.ContactedLines()...)
	http.Redirect(w, r, flashURL("/campaigns", "done", strings.Join(msg, "\n"), sess), http.StatusSeeOther)
	return nil
}

// flashLines splits a flash into its lines, without the indent of a list's items;
// nil for none.
func flashLines(msg string) []string {
	if msg == "" {
		return nil
	}
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return lines
}

// campaignProblem shows on the Campaigns page an error the user can act on (a campaign
// deleted meanwhile, a refused change); others go to the error page.
func campaignProblem(w http.ResponseWriter, r *http.Request, sess *paceline.Session, err error) error {
	switch paceline.ErrorCode(err) {
	case paceline.ENOTFOUND, paceline.ECONFLICT, paceline.EINVALID, paceline.EUNAVAILABLE:
		http.Redirect(w, r, flashURL("/campaigns", "problem", paceline.ErrorMessage(err), sess), http.StatusSeeOther)
		return nil
	}
	return err
}
