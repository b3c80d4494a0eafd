package api

import (
	"context"
	"net/http"
	"strings"
	"unicode"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sequence"
)

// CampaignStore is the runtime's campaign store as the API needs it; *sqlite.Store and
// *postgres.Store are ones.
type CampaignStore interface {
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
	SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error
}

// CampaignView is a stored campaign with its funnel from the ledger.
type CampaignView struct {
	Name         string   `json:"name"`
	State        string   `json:"state"`
	List         string   `json:"list"`
	Accounts     []string `json:"accounts"`
	Priority     int      `json:"priority"`
	PausedReason string   `json:"paused_reason,omitempty"`
	// Warnings, on a campaign just created, say what may keep it from doing what its
	// author meant, each with its line and step: the sequence's own (sequence.Warnings,
	// through CheckNotes) — an invite note whose fields may take it over the smallest
	// note limit of its accounts, an if: connected step reached after an invite with no
	// wait_for: accepted (only the leads who accepted by then get it), a delay counting
	// weeks in working time (1w is 7 working days) — and a step some of its accounts
	// cannot carry out, or an email step none can (CheckStepKinds).
	Warnings []string `json:"warnings,omitempty"`
	// State is "" for a campaign known only from the ledger (one whose stored row is
	// gone, or any campaign on a server that keeps none). Funnel is nil while the
	// campaign has sent nothing.
	Funnel *Funnel `json:"funnel"`
}

func (a *API) campaignStore() (CampaignStore, error) {
	if a.deps.Campaigns == nil {
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "this server keeps no campaigns of its own: use a database served by paceline serve")
	}
	return a.deps.Campaigns, nil
}

func (a *API) viewCampaign(ctx context.Context, c *paceline.Campaign) (CampaignView, error) {
	v := CampaignView{Name: c.Name, State: string(c.State), List: c.List, Accounts: c.Accounts, Priority: c.Priority, PausedReason: c.PausedReason}
	fs, err := CampaignFunnels(ctx, a.deps.Accounts, a.deps.History, a.deps.now(), DefaultFunnelDays)
	if err != nil {
		return v, err
	}
	for i := range fs {
		if fs[i].Campaign == c.Name {
			v.Funnel = &fs[i]
		}
	}
	return v, nil
}

// CampaignInput is the body of POST /api/v1/campaigns, and the dashboard's new
// campaign form.
type CampaignInput struct {
	Name     string   `json:"name"`
	List     string   `json:"list"`
	Accounts []string `json:"accounts"`
	// Sequence is the YAML; "" is the built-in sequence.
	Sequence string `json:"sequence"`
	Priority int    `json:"priority"`
}

func (a *API) createCampaign(w http.ResponseWriter, r *http.Request) error {
	var in CampaignInput
	if _, err := a.campaignStore(); err != nil {
		return err
	}
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	v, problems, err := a.CreateCampaign(r.Context(), in)
	if err != nil {
		return err
	}
	if problems != nil {
		writeSequenceProblems(w, problems)
		return nil
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// CreateCampaign stores a draft campaign, as POST /api/v1/campaigns does. A sequence
// with problems stores nothing and returns them all at once, every one with its line
// and step (CheckCampaignSequence): notes are checked against the smallest note limit
// of the accounts (CheckNotes), steps against the kinds the accounts can carry out
// (CheckStepKinds) and template fields against the stored leads (CheckStoredFields).
// Errors: EUNAVAILABLE without a campaign store, EINVALID, ENOTFOUND (an account),
// ECONFLICT (the name is taken).
func (a *API) CreateCampaign(ctx context.Context, in CampaignInput) (CampaignView, []*sequence.ValidationError, error) {
	st, err := a.campaignStore()
	if err != nil {
		return CampaignView{}, nil, err
	}
	if in.Sequence == "" {
		in.Sequence = string(sequence.DefaultYAML())
	}
	if len(in.Sequence) > MaxSequenceBytes {
		return CampaignView{}, nil, paceline.FieldErrorf("sequence", "is %d bytes long, more than the %d a sequence may have (a real one is a few kilobytes)", len(in.Sequence), MaxSequenceBytes)
	}
	c := &paceline.Campaign{Name: strings.TrimSpace(in.Name), List: strings.TrimSpace(in.List), Accounts: in.Accounts,
		Sequence: in.Sequence, Priority: in.Priority, State: paceline.CampaignDraft}
	// Every check is made and every problem answered at once: the rules, notes over
	// the smallest note limit of the accounts, steps none of them can carry out and
	// fields no lead has.
	check, err := CheckCampaignSequence(ctx, []byte(in.Sequence), a.deps.Accounts, a.deps.Leads, c.Accounts)
	if err != nil {
		return CampaignView{}, nil, err
	} else if len(check.Problems) > 0 {
		return CampaignView{}, check.Problems, nil
	}
	if err := checkCampaignName(c.Name); err != nil {
		return CampaignView{}, nil, err
	}
	if strings.ContainsFunc(c.List, unicode.IsControl) {
		return CampaignView{}, nil, paceline.FieldErrorf("list", "%q has a control character (name the list as it was imported)", c.List)
	}
	warnings := check.Warnings
	if err := st.CreateCampaign(ctx, c); err != nil {
		return CampaignView{}, nil, err
	}
	v, err := a.viewCampaign(ctx, c)
	if err != nil {
		return CampaignView{}, nil, err
	}
	for _, w := range warnings {
		v.Warnings = append(v.Warnings, w.Error())
	}
	return v, nil, nil
}

// writeSequenceProblems answers 400 with a sequence's problems as data: every one with
// its line and step.
func writeSequenceProblems(w http.ResponseWriter, errs []*sequence.ValidationError) {
	writeJSON(w, http.StatusBadRequest, errorBody{Error: errorDetail{Code: paceline.EINVALID, Field: "sequence",
		Message: "the sequence has " + plural.Count(len(errs), "problem") + ": see details", Details: errs}})
}

// maxCampaignName bounds a campaign's name: it is shown in lists and typed in commands.
const maxCampaignName = 200

// checkCampaignName refuses, as paceline campaigns create does, a name the CLI could
// not be given back: one that starts with "-" reads as a flag, a comma splits it in
// comma-separated lists, and control characters do not survive a terminal or a form.
func checkCampaignName(name string) error {
	switch {
	case len(name) > maxCampaignName:
		return paceline.FieldErrorf("name", "is %d bytes long; give the campaign a short name (at most %d bytes, such as q1-founders)", len(name), maxCampaignName)
	case strings.HasPrefix(name, "-"):
		return paceline.FieldErrorf("name", "%q starts with '-', which reads as a flag when the campaign is named later (start it with a letter or digit, such as q1-founders)", name)
	case strings.Contains(name, ","):
		return paceline.FieldErrorf("name", "%q has a comma, which separates names in lists (use letters, digits, '-' or '_', such as q1-founders)", name)
	case strings.ContainsFunc(name, unicode.IsControl):
		return paceline.FieldErrorf("name", "%q has a control character (use letters, digits, '-' or '_', such as q1-founders)", name)
	}
	return nil
}

func (a *API) writeCampaign(w http.ResponseWriter, r *http.Request, st CampaignStore, name string) error {
	v, err := a.storedView(r, st, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// storedView reads the stored campaign name and joins its funnel.
func (a *API) storedView(r *http.Request, st CampaignStore, name string) (CampaignView, error) {
	c, err := st.Campaign(r.Context(), name)
	if err != nil {
		return CampaignView{}, err
	}
	return a.viewCampaign(r.Context(), c)
}
