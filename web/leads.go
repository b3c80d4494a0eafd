package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
)

type leadsData struct {
	Page        api.LeadPage
	Filter      paceline.LeadFilter
	Seniorities []paceline.Seniority
	NextURL     string
	Presets     []string // the upload form's header presets
	// Done says what the last button did (a lead erased).
	Done string
	// Upload is what the user typed in the upload form, and why it was refused,
	// when the page answers a refused upload.
	Upload uploadForm
}

// uploadForm is the upload form's fields as the user typed them (the file, which a
// browser never fills in again, aside) and the problem with them.
type uploadForm struct {
	List, Preset, Map, Problem string
}

func (s *Server) leadsPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	return s.renderLeads(w, r, sess, http.StatusOK, uploadForm{})
}

// renderLeads renders the leads page with status, its upload form filled in with up.
func (s *Server) renderLeads(w http.ResponseWriter, r *http.Request, sess *paceline.Session, status int, up uploadForm) error {
	f, err := api.LeadFilterFrom(r)
	if err != nil {
		return err
	}
	page, err := s.api.ListLeadPage(r, f)
	if err != nil {
		return err
	}
	d := leadsData{Page: page, Filter: f, Seniorities: paceline.Seniorities, Presets: lead.Presets, Done: flash(r, sess, "done"), Upload: up}
	if page.NextAfter != 0 {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("after", strconv.FormatInt(page.NextAfter, 10))
		d.NextURL = "/leads?" + q.Encode()
	}
	s.render(w, r, status, "leads", s.page(sess, "Leads", "leads", d))
	return nil
}

// leadData is a lead's page: the lead with its score's explanation, and what the
// last button did or why it could not.
type leadData struct {
	Lead          api.LeadView
	Done, Problem string
}

// leadIDOf reads the {id} of a lead's address.
func leadIDOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, paceline.FieldErrorf("id", "%q is not a lead id (a positive whole number): open the lead from the Leads page", r.PathValue("id"))
	}
	return id, nil
}

// leadPage shows one lead, its score rule by rule, and the opt-out and erase buttons.
func (s *Server) leadPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	id, err := leadIDOf(r)
	if err != nil {
		return err
	}
	l, err := s.deps.API.Leads.Lead(r.Context(), id)
	if err != nil {
		return err
	}
	d := leadData{Lead: s.api.ViewLead(l), Done: flash(r, sess, "done"), Problem: flash(r, sess, "problem")}
	if d.Lead.OptedOutAt, err = s.deps.API.Leads.LeadOptedOut(r.Context(), id); err != nil {
		return fmt.Errorf("lead %d: opt-out: %w", id, err)
	}
	s.render(w, r, http.StatusOK, "lead", s.page(sess, d.Lead.Name, "leads", d))
	return nil
}

// maxOptOutReason bounds an opt-out's reason, as the API does.
const maxOptOutReason = 500

// optOutLead is the lead page's Opt out button: the lead is never contacted again.
func (s *Server) optOutLead(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	id, err := leadIDOf(r)
	if err != nil {
		return err
	}
	back := "/leads/" + strconv.FormatInt(id, 10)
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if len(reason) > maxOptOutReason {
		http.Redirect(w, r, flashURL(back, "problem", fmt.Sprintf("Not opted out: the reason is %d characters long; shorten it to at most %d characters.", len(reason), maxOptOutReason), sess), http.StatusSeeOther)
		return nil
	}
	if reason == "" {
		reason = "dashboard"
	}
	if err := s.deps.API.Leads.OptOutLead(r.Context(), id, reason); err != nil {
		return err
	}
	http.Redirect(w, r, flashURL(back, "done", "Opted out: this lead is never contacted again.", sess), http.StatusSeeOther)
	return nil
}

// eraseLead is the lead page's Erase button: the lead's data goes, the hashes of its
// keys stay on the suppression list. It asks for a ticked confirmation first, since
// nothing brings the data back.
func (s *Server) eraseLead(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	id, err := leadIDOf(r)
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "yes" {
		http.Redirect(w, r, flashURL("/leads/"+strconv.FormatInt(id, 10), "problem", "Not erased: tick the box to confirm that this lead's data is deleted for good.", sess), http.StatusSeeOther)
		return nil
	}
	keys, err := s.deps.API.Leads.EraseLead(r.Context(), id)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Erased lead %d: its data is deleted; %s %s on the suppression list, so a re-import never adds it again.",
		id, plural.Count(len(keys), "key hash"), plural.Verb(len(keys), "stays", "stay"))
	http.Redirect(w, r, flashURL("/leads", "done", msg, sess), http.StatusSeeOther)
	return nil
}
