package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sequence"
)

type sequenceData struct {
	YAML  string
	Leads []api.LeadView
	// Check is the opening YAML's validation, shown before the script checks again,
	// so that a page without its script still says what is wrong, and warns of what
	// may not do what was meant (Check.Warnings).
	Check api.Validation
	// Accounts are the names the new campaign form offers.
	Accounts []string
	// Campaign is the new campaign form as typed, and why it was refused.
	Campaign campaignForm
	// CanCreate is false when the server keeps no campaigns (the form is not shown).
	CanCreate bool
}

// campaignForm is the editor's new campaign form.
type campaignForm struct {
	Name, List, Priority string
	Accounts             []string
	Problem              string
}

// Picked says whether the form has the account ticked.
func (f campaignForm) Picked(name string) bool { return slices.Contains(f.Accounts, name) }

func (s *Server) sequencePage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	src := s.deps.Sequence
	if src == nil {
		src = sequence.DefaultYAML()
	}
	return s.renderEditor(w, r, sess, http.StatusOK, string(src), campaignForm{})
}

// renderEditor renders the sequence editor on src, with the new campaign form as form.
func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, sess *paceline.Session, status int, src string, form campaignForm) error {
	leads, err := s.deps.API.Leads.ListLeads(r.Context(), paceline.LeadFilter{Limit: 50})
	if err != nil {
		return err
	}
	_, check, err := api.ValidateStoredSequence(r.Context(), src, s.deps.API.Leads)
	if paceline.ErrorCode(err) == paceline.EINVALID {
		// Too long to check: the editor still opens, to shorten it.
		check.Errors = []*sequence.ValidationError{{Message: paceline.ErrorMessage(err)}}
	} else if err != nil {
		return err
	}
	d := sequenceData{YAML: src, Check: check, Campaign: form, CanCreate: s.deps.API.Campaigns != nil}
	// The rules in force are read once for the page, with the request's context.
	rules, err := s.api.LeadRules(r.Context())
	if err != nil {
		return fmt.Errorf("editor: %w", err)
	}
	for _, l := range leads {
		d.Leads = append(d.Leads, s.api.ViewLeadWith(l, rules))
	}
	if d.CanCreate {
		accounts, err := s.deps.API.Accounts.Accounts(r.Context())
		if err != nil {
			return fmt.Errorf("editor: accounts: %w", err)
		}
		for _, a := range accounts {
			d.Accounts = append(d.Accounts, a.Name)
		}
	}
	s.render(w, r, status, "sequences", s.page(sess, "Sequence editor", "sequences", d))
	return nil
}

// createCampaign is the editor's Create campaign button: a draft of the YAML being
// edited, as POST /api/v1/campaigns stores it. A refused form answers the editor again
// with why and everything as typed.
func (s *Server) createCampaign(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	form := campaignForm{Name: r.PostFormValue("name"), List: r.PostFormValue("list"),
		Priority: strings.TrimSpace(r.PostFormValue("priority")), Accounts: r.PostForm["accounts"]}
	src := r.PostFormValue("sequence")
	in := api.CampaignInput{Name: form.Name, List: form.List, Accounts: form.Accounts, Sequence: src}
	refuse := func(status int, msg string) error {
		form.Problem = msg
		return s.renderEditor(w, r, sess, status, src, form)
	}
	if form.Priority != "" {
		p, err := strconv.Atoi(form.Priority)
		if err != nil {
			return refuse(http.StatusBadRequest, fmt.Sprintf("priority: %q is not a whole number", form.Priority))
		}
		in.Priority = p
	}
	if len(in.Accounts) == 0 {
		return refuse(http.StatusBadRequest, "accounts: tick at least one account to send the campaign")
	}
	v, problems, err := s.api.CreateCampaign(r.Context(), in)
	switch {
	case problems != nil:
		if _, check, err := api.ValidateStoredSequence(r.Context(), src, s.deps.API.Leads); err == nil && check.Valid {
			// The editor's own check knows no accounts, so it lists none of these: a
			// note over the note limit of an account ticked. Say them here.
			return refuse(http.StatusBadRequest, "the sequence cannot be sent from these accounts: "+joinProblems(problems))
		}
		return refuse(http.StatusBadRequest, "the sequence has "+plural.Count(len(problems), "problem")+", listed under the YAML: fix them and create it again")
	case err != nil:
		switch code := paceline.ErrorCode(err); code {
		case paceline.EINVALID, paceline.ENOTFOUND, paceline.ECONFLICT, paceline.EUNAVAILABLE:
			return refuse(api.Status(err), paceline.ErrorMessage(err))
		}
		return err
	}
	msg := "Created " + v.Name + " as a draft: Start enrolls its list's leads and lets it send."
	for _, warning := range v.Warnings {
		msg += " Warning: " + warning + "."
	}
	http.Redirect(w, r, flashURL("/campaigns", "done", msg, sess), http.StatusSeeOther)
	return nil
}

// joinProblems lists a sequence's problems in one sentence for the form's alert.
func joinProblems(problems []*sequence.ValidationError) string {
	texts := make([]string, len(problems))
	for i, p := range problems {
		texts[i] = p.Error()
	}
	return strings.Join(texts, "; ")
}

// decodeBody reads the editor's small JSON body strictly.
func decodeBody(r *http.Request, dst any) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return paceline.Errorf(paceline.EINVALID, "the editor's calls take JSON ({\"yaml\": ...} as application/json), not %q: reload the page", r.Header.Get("Content-Type"))
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooLarge):
		return tooLargeError("the sequence", tooLarge.Limit)
	case errors.Is(err, io.EOF):
		// The bare "EOF" of the decoder said nothing a user could act on.
		return paceline.Errorf(paceline.EINVALID, "the request has no JSON body: the editor sends {\"yaml\": ...} as application/json (reload the page)")
	}
	return paceline.Errorf(paceline.EINVALID, "the request is not the JSON the editor sends (reload the page): %v", err)
}

func writeJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(v)
}

// validate is the editor's validate-as-you-type call: the same check as the API's,
// template fields against the stored leads included, so that the editor calls valid
// only a sequence a campaign can be created with; a valid one's warnings come along,
// shown apart from the problems since they refuse nothing.
func (s *Server) validate(w http.ResponseWriter, r *http.Request, _ *paceline.Session) error {
	var in struct {
		YAML string `json:"yaml"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	_, v, err := api.ValidateStoredSequence(r.Context(), in.YAML, s.deps.API.Leads)
	if err != nil {
		return err
	}
	return writeJSON(w, v)
}

// preview renders the sequence's texts for the chosen lead as the API's preview does
// (api.PreviewFor): every variant labelled, the AI text that goes instead of a
// template, the sender's first name and note limit of the account that would send.
func (s *Server) preview(w http.ResponseWriter, r *http.Request, _ *paceline.Session) error {
	var in struct {
		YAML   string `json:"yaml"`
		LeadID int64  `json:"lead_id"`
		// Account or Campaign choose the sender; both may be left out.
		Account  string `json:"account"`
		Campaign string `json:"campaign"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	seq, v, err := api.ValidateSequence(in.YAML)
	if err != nil {
		return err
	}
	if !v.Valid {
		return writeJSON(w, struct {
			Steps []api.RenderedStep `json:"steps"`
		}{[]api.RenderedStep{}})
	}
	l, err := s.deps.API.Leads.Lead(r.Context(), in.LeadID)
	if err != nil {
		return err
	}
	sender, steps, err := s.api.PreviewFor(r.Context(), seq, l, in.Account, in.Campaign)
	if err != nil {
		return err
	}
	return writeJSON(w, struct {
		Sender api.PreviewSender  `json:"sender"`
		Steps  []api.RenderedStep `json:"steps"`
	}{sender, steps})
}
