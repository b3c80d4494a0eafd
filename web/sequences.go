package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/sequence"
)

type sequenceData struct {
	YAML  string
	Leads []api.LeadView
	// Check is the opening YAML's validation, shown before the script checks again,
	// so that a page without its script still says what is wrong.
	Check api.Validation
}

func (s *Server) sequencePage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	src := s.deps.Sequence
	if src == nil {
		src = sequence.DefaultYAML()
	}
	leads, err := s.deps.API.Leads.ListLeads(r.Context(), paceline.LeadFilter{Limit: 50})
	if err != nil {
		return err
	}
	_, check, err := api.ValidateStoredSequence(r.Context(), string(src), s.deps.API.Leads)
	if paceline.ErrorCode(err) == paceline.EINVALID {
		// Too long to check: the editor still opens, to shorten it.
		check.Errors = []*sequence.ValidationError{{Message: paceline.ErrorMessage(err)}}
	} else if err != nil {
		return err
	}
	d := sequenceData{YAML: string(src), Check: check}
	for _, l := range leads {
		d.Leads = append(d.Leads, s.api.ViewLead(l))
	}
	s.render(w, r, http.StatusOK, "sequences", s.page(sess, "Sequence editor", "sequences", d))
	return nil
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
		return paceline.Errorf(paceline.EINVALID, "the request is larger than %d bytes: shorten the sequence", tooLarge.Limit)
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
// only a sequence a campaign can be created with.
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

// preview renders the sequence's texts for the chosen lead.
func (s *Server) preview(w http.ResponseWriter, r *http.Request, _ *paceline.Session) error {
	var in struct {
		YAML   string `json:"yaml"`
		LeadID int64  `json:"lead_id"`
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
	return writeJSON(w, struct {
		Steps []api.RenderedStep `json:"steps"`
	}{api.Preview(seq, l, engine.LeadKey(l))})
}
