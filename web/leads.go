package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// Typed is the filter form as the user typed it, and Problems why it was
	// refused (then no lead is listed).
	Typed    filterForm
	Problems fieldProblems
}

// filterForm is the filter form's fields as the query has them.
type filterForm struct {
	List, MinScore, Seniority string
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
	q := r.URL.Query()
	d := leadsData{Seniorities: paceline.Seniorities, Presets: lead.Presets, Done: flash(r, sess, "done"), Upload: up,
		Typed:    filterForm{List: q.Get("list"), MinScore: q.Get("min_score"), Seniority: q.Get("seniority")},
		Problems: fieldProblems{}}
	f, err := api.LeadFilterFrom(r)
	if err != nil {
		// A filter refused: the page with its form as typed and why, no lead listed.
		if !d.Problems.add(err, "list", "min_score", "seniority") {
			return err
		}
		if status == http.StatusOK {
			status = http.StatusBadRequest
		}
		s.render(w, r, status, "leads", s.page(sess, "Leads", "leads", d))
		return nil
	}
	page, err := s.api.ListLeadPage(r, f)
	if err != nil {
		return err
	}
	d.Page, d.Filter = page, f
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
	// Reason is the opt-out form's reason as typed, when the opt-out was refused.
	Reason string
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
	return s.renderLead(w, r, sess, http.StatusOK, id, leadData{Done: flash(r, sess, "done"), Problem: flash(r, sess, "problem")})
}

// renderLead renders lead id's page with status, d's messages and form fields kept.
func (s *Server) renderLead(w http.ResponseWriter, r *http.Request, sess *paceline.Session, status int, id int64, d leadData) error {
	l, err := s.deps.API.Leads.Lead(r.Context(), id)
	if err != nil {
		return err
	}
	rules, err := s.api.LeadRules(r.Context())
	if err != nil {
		return fmt.Errorf("lead %d: %w", id, err)
	}
	d.Lead = s.api.ViewLeadWith(l, rules)
	if d.Lead.OptedOutAt, err = s.deps.API.Leads.LeadOptedOut(r.Context(), id); err != nil {
		return fmt.Errorf("lead %d: opt-out: %w", id, err)
	}
	s.render(w, r, status, "lead", s.page(sess, d.Lead.Name, "leads", d))
	return nil
}

// optOutLead is the lead page's Opt out button: the lead is never contacted again.
func (s *Server) optOutLead(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	id, err := leadIDOf(r)
	if err != nil {
		return err
	}
	back := "/leads/" + strconv.FormatInt(id, 10)
	typed := r.PostFormValue("reason")
	reason := strings.TrimSpace(typed)
	// A refused opt-out answers the lead's page with the reason kept in its form.
	if n := utf8.RuneCountInString(reason); n > api.MaxOptOutReason {
		return s.renderLead(w, r, sess, http.StatusBadRequest, id, leadData{Reason: typed,
			Problem: fmt.Sprintf("Not opted out: the reason is %d characters long; shorten it to at most %d characters.", n, api.MaxOptOutReason)})
	}
	if reason == "" {
		reason = "dashboard"
	}
	if err := s.deps.API.Leads.OptOutLead(r.Context(), id, reason); err != nil {
		if paceline.ErrorCode(err) != paceline.EINVALID {
			return err
		}
		return s.renderLead(w, r, sess, http.StatusBadRequest, id, leadData{Reason: typed, Problem: "Not opted out: " + paceline.ErrorMessage(err)})
	}
	// The page has no Opt out button for a lead opted out already: a failed wake is
	// retried by the API's opt-out or the command's, which wake the accounts again.
	if acct, err := s.wakeOptedOut(r.Context(), id); acct != "" {
		msg := fmt.Sprintf("Opted out: this lead is never contacted again, but account %s's tick could not be brought forward to stop its sequence now (it will at the tick's next planned run): "+
			"to retry, run paceline leads optout %d or POST /api/v1/leads/%d/opt-out.", acct, id, id)
		http.Redirect(w, r, flashURL(back, "problem", msg, sess), http.StatusSeeOther)
		return nil
	} else if err != nil {
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
