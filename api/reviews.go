package api

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/runtime"
)

// Reviews are the AI texts held for a person before they are sent (runtime.AIText):
// the dashboard's tasks page and the reviews routes list, approve and reject them.
type Reviews interface {
	// Pending lists the texts waiting for review and those decided but not yet sent.
	Pending(ctx context.Context) ([]runtime.Review, error)
	// Approve sends the AI text, or edited when not empty (checked against the same
	// guardrails). Errors: EINVALID for an edit that breaks one, ENOTFOUND, ECONFLICT.
	Approve(ctx context.Context, k aiwrite.Key, edited string) (runtime.Review, error)
	// Reject sends the template instead. Errors: ENOTFOUND, ECONFLICT.
	Reject(ctx context.Context, k aiwrite.Key) (runtime.Review, error)
}

// ReviewView is an AI text waiting for review, as the API shows it.
type ReviewView struct {
	Campaign string `json:"campaign"`
	Lead     string `json:"lead"`
	Step     string `json:"step"`
	Account  string `json:"account"`
	Kind     string `json:"kind"`
	Subject  string `json:"subject,omitempty"`
	// Text is the model's text; Template what is sent if it is rejected.
	Text     string `json:"text"`
	Template string `json:"template"`
	// Status is needs_review, or approved / rejected while the decision waits for its slot.
	Status  string    `json:"status"`
	Created time.Time `json:"created_at"`
}

func viewReview(r runtime.Review) ReviewView {
	return ReviewView{Campaign: r.Key.Campaign, Lead: r.Key.Lead, Step: r.Key.Step, Account: r.Account, Kind: string(r.Kind),
		Subject: r.Subject, Text: r.Text, Template: r.Template, Status: string(r.Status), Created: r.Created}
}

func (a *API) reviews() (Reviews, error) {
	if a.deps.Reviews == nil {
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "this server runs no AI writing, so it has no texts to review")
	}
	return a.deps.Reviews, nil
}

func (a *API) listReviews(w http.ResponseWriter, r *http.Request) error {
	rv, err := a.reviews()
	if err != nil {
		return err
	}
	list, err := rv.Pending(r.Context())
	if err != nil {
		return err
	}
	out := make([]ReviewView, len(list))
	for i, x := range list {
		out[i] = viewReview(x)
	}
	writeJSON(w, http.StatusOK, struct {
		Reviews []ReviewView `json:"reviews"`
	}{out})
	return nil
}

// reviewDecision is the body of approve and reject: which text, and an edit (nil
// when the body has none: the model's text is approved as written).
type reviewDecision struct {
	Campaign string  `json:"campaign"`
	Lead     string  `json:"lead"`
	Step     string  `json:"step"`
	Text     *string `json:"text,omitempty"`
}

// CheckEdit refuses an edited AI text with a control character other than a line
// break or a tab: the guardrails weigh words, not bytes, so a NUL or an escape sequence
// would go out to the lead as sent. The dashboard's review form checks it too.
func CheckEdit(text string) error {
	if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) {
		return paceline.FieldErrorf("text", "has a control character: write the message as plain text (line breaks are fine)")
	}
	return nil
}

func (a *API) approveReview(w http.ResponseWriter, r *http.Request) error {
	return a.decideReview(w, r, true)
}

func (a *API) rejectReview(w http.ResponseWriter, r *http.Request) error {
	return a.decideReview(w, r, false)
}

// decideReview records a person's decision on one held text: approve (as written, or
// the edited text) or reject (the template goes out instead).
func (a *API) decideReview(w http.ResponseWriter, r *http.Request, approve bool) error {
	rv, err := a.reviews()
	if err != nil {
		return err
	}
	var in reviewDecision
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	switch {
	case in.Campaign == "":
		return paceline.FieldErrorf("campaign", "is missing (GET /api/v1/reviews lists the texts with their campaign, lead and step)")
	case in.Lead == "":
		return paceline.FieldErrorf("lead", "is missing (GET /api/v1/reviews lists the texts with their campaign, lead and step)")
	case in.Step == "":
		return paceline.FieldErrorf("step", "is missing (GET /api/v1/reviews lists the texts with their campaign, lead and step)")
	case !approve && in.Text != nil:
		return paceline.FieldErrorf("text", "goes with approve only: a rejected text sends the step's template")
	case in.Text != nil && strings.TrimSpace(*in.Text) == "":
		return paceline.FieldErrorf("text", "is empty: leave the field out to approve the model's text as written, or give the edited message")
	}
	edited := ""
	if in.Text != nil {
		edited = *in.Text
	}
	if err := CheckEdit(edited); err != nil {
		return err
	}
	k := aiwrite.Key{Campaign: in.Campaign, Lead: in.Lead, Step: in.Step}
	var out runtime.Review
	if approve {
		out, err = rv.Approve(r.Context(), k, edited)
	} else {
		out, err = rv.Reject(r.Context(), k)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewReview(out))
	return nil
}
