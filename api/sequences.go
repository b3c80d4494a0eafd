package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sequence"
)

// Validation is a sequence's check: valid, or every problem with its line and step.
// A valid sequence may have Warnings (sequence.Warnings): what may keep it from doing
// what its author meant, such as an if: connected step reached after an invite with
// no wait_for: accepted. They refuse nothing; both lists are [] when empty.
type Validation struct {
	Valid    bool                        `json:"valid"`
	Name     string                      `json:"name,omitempty"`
	Steps    []StepSummary               `json:"steps,omitempty"`
	Errors   []*sequence.ValidationError `json:"errors"`
	Warnings []*sequence.ValidationError `json:"warnings"`
}

// invalid is the Validation of a sequence with problems.
func invalid(errs []*sequence.ValidationError) Validation {
	return Validation{Errors: errs, Warnings: []*sequence.ValidationError{}}
}

// StepSummary is one step of a valid sequence, for the editor's outline.
type StepSummary struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
}

// MaxSequenceBytes bounds a sequence's YAML: a real one is a few kilobytes.
const MaxSequenceBytes = 64 << 10

// ValidateSequence parses YAML and reports the result as data: a bad sequence is an
// answer, not an error. A valid one's warnings are sequence.Warnings with notes
// checked against LinkedIn's own limit, as Parse checks them: no account is known
// here, so campaign creation warns again against the smallest limit of its accounts.
// Errors only for an oversized text (EINVALID).
func ValidateSequence(src string) (*sequence.Sequence, Validation, error) {
	if len(src) > MaxSequenceBytes {
		return nil, Validation{}, paceline.FieldErrorf("yaml", "is longer than %d bytes", MaxSequenceBytes)
	}
	seq, err := sequence.Parse([]byte(src))
	var verrs sequence.ValidationErrors
	switch {
	case errors.As(err, &verrs):
		return nil, invalid(verrs), nil
	case err != nil:
		return nil, invalid([]*sequence.ValidationError{{Message: err.Error()}}), nil
	}
	v := Validation{Valid: true, Name: seq.Name, Errors: []*sequence.ValidationError{},
		Warnings: sequence.Warnings(seq, sequence.Options{NoteMaxChars: sequence.MaxNoteChars})}
	if v.Warnings == nil {
		v.Warnings = []*sequence.ValidationError{}
	}
	for _, st := range seq.Steps {
		v.Steps = append(v.Steps, StepSummary{ID: st.ID, Kind: string(st.Kind)})
	}
	return seq, v, nil
}

// ValidateStoredSequence is ValidateSequence with the template field check campaign
// creation makes (CheckStoredFields against the leads of st), so that a sequence POST
// /api/v1/sequences/validate and the dashboard's editor call valid is one a campaign
// can be created with. Once the YAML is read every check is made and every problem
// reported at once (CheckCampaignSequence with no account): a field no lead has is a
// problem like any other, with its line, step and the name likely meant, beside the
// sequence's rules. Errors for an oversized text (EINVALID) and when the leads cannot
// be read.
func ValidateStoredSequence(ctx context.Context, src string, st paceline.LeadStore) (*sequence.Sequence, Validation, error) {
	if len(src) > MaxSequenceBytes {
		return nil, Validation{}, paceline.FieldErrorf("yaml", "is longer than %d bytes", MaxSequenceBytes)
	}
	check, err := CheckCampaignSequence(ctx, []byte(src), nil, st, nil)
	if err != nil {
		return nil, Validation{}, err
	}
	if len(check.Problems) > 0 {
		return nil, invalid(check.Problems), nil
	}
	v := Validation{Valid: true, Name: check.Seq.Name, Errors: []*sequence.ValidationError{}, Warnings: check.Warnings}
	if v.Warnings == nil {
		v.Warnings = []*sequence.ValidationError{}
	}
	for _, st := range check.Seq.Steps {
		v.Steps = append(v.Steps, StepSummary{ID: st.ID, Kind: string(st.Kind)})
	}
	return check.Seq, v, nil
}

func (a *API) validateSequence(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		YAML string `json:"yaml"`
	}
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	_, v, err := ValidateStoredSequence(r.Context(), in.YAML, a.deps.Leads)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (a *API) previewSequence(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		YAML   string `json:"yaml"`
		LeadID int64  `json:"lead_id"`
		// Account or Campaign choose the sender (PreviewFor); both may be left out.
		Account  string `json:"account"`
		Campaign string `json:"campaign"`
	}
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	switch {
	case in.LeadID == 0:
		return paceline.FieldErrorf("lead_id", "is missing (give the id of the lead to render for)")
	case in.LeadID < 0:
		return paceline.FieldErrorf("lead_id", "%d is not a lead id (a positive whole number)", in.LeadID)
	}
	// Checked as validate checks it, template fields included: a misspelt field is a
	// problem in details with its line and step, beside the sequence's rules, where
	// PreviewFor's own field check only says it in the message.
	seq, v, err := ValidateStoredSequence(r.Context(), in.YAML, a.deps.Leads)
	if err != nil {
		return err
	}
	if !v.Valid {
		// The problems are data, as POST /api/v1/campaigns answers them: the client
		// need not ask validate to learn what they are.
		writeJSON(w, http.StatusBadRequest, errorBody{Error: errorDetail{Code: paceline.EINVALID, Field: "yaml",
			Message: "the sequence has " + plural.Count(len(v.Errors), "problem") + ": see details", Details: v.Errors}})
		return nil
	}
	l, err := a.deps.Leads.Lead(r.Context(), in.LeadID)
	if err != nil {
		return err
	}
	rules, err := a.LeadRules(r.Context())
	if err != nil {
		return err
	}
	sender, steps, err := a.PreviewFor(r.Context(), seq, l, in.Account, in.Campaign)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Lead   LeadView       `json:"lead"`
		Sender PreviewSender  `json:"sender"`
		Steps  []RenderedStep `json:"steps"`
	}{a.ViewLeadWith(l, rules), sender, steps})
	return nil
}
