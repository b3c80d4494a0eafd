package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// Review is an AI text waiting for a person in the tasks view, or decided and not yet
// sent.
type Review struct {
	Key      aiwrite.Key         `json:"key"`
	Account  string              `json:"account"`
	Kind     paceline.ActionKind `json:"kind"`
	Subject  string              `json:"subject,omitempty"`
	Text     string              `json:"text"`     // the model's text
	Template string              `json:"template"` // what is sent if the text is rejected
	Status   aiwrite.Status      `json:"status"`
	Tokens   int                 `json:"tokens"`
	Created  time.Time           `json:"created_at"`
	// Action is the held action.
	Action paceline.Action `json:"-"`
	text   engine.Text     // the engine's text, with the template's words
}

// reviewOf reads the action kept with an entry.
func reviewOf(e aiwrite.Entry) (Review, error) {
	var h held
	if err := json.Unmarshal([]byte(e.Payload), &h); err != nil {
		return Review{}, fmt.Errorf("step %s: read the action held for lead %s: %w", e.StepID, e.LeadKey, err)
	}
	return Review{Key: e.Key(), Account: h.Action.Account, Kind: h.Action.Kind, Subject: h.Text.Subject, Text: e.Text,
		Template: h.Text.For(h.Action.Kind), Status: e.Status, Tokens: e.Tokens, Created: e.CreatedAt, Action: h.Action, text: h.Text}, nil
}

// Pending lists the AI texts waiting for review, and those decided but not yet sent
// (they go out in their step's next slot), oldest first. It leaves out the texts that
// will never be sent: their lead opted out or their enrollment has stopped.
func (x *AIText) Pending(ctx context.Context) ([]Review, error) {
	es, err := x.Store.Entries(ctx, aiwrite.EntryFilter{Unsent: true,
		Statuses: []aiwrite.Status{aiwrite.StatusNeedsReview, aiwrite.StatusApproved, aiwrite.StatusRejected}})
	if err != nil {
		return nil, err
	}
	var out []Review
	live := x.liveness()
	for _, e := range es {
		r, err := reviewOf(e)
		if err != nil {
			return nil, err
		}
		if why, err := live.dead(ctx, r); err != nil {
			return nil, err
		} else if why != "" {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// Approve records that a person approved a held AI text: the step sends it in the
// next slot the Pacer grants (within about ReviewRetry). A non-empty edited replaces
// the text, after the same guardrails as the model's (EINVALID naming the step when it
// breaks one; the text stays held). Errors: ENOTFOUND, ECONFLICT for a text not
// waiting for review or one that will never be sent (its lead opted out, its
// enrollment stopped).
func (x *AIText) Approve(ctx context.Context, k aiwrite.Key, edited string) (Review, error) {
	if err := x.checkLive(ctx, k); err != nil {
		return Review{}, err
	}
	w := x.reviewer()
	if edited == "" {
		if _, err := w.Approve(ctx, k); err != nil {
			return Review{}, err
		}
		return x.review1(ctx, k)
	}
	r, err := x.heldReview(ctx, k)
	if err != nil {
		return Review{}, err
	}
	st, template := x.aiStep(ctx, r.Action, r.text)
	if st == nil {
		return Review{}, paceline.Errorf(paceline.ECONFLICT, "step %s of campaign %s no longer has an ai: block", k.Step, k.Campaign)
	}
	req, err := x.request(ctx, r.Action, st, template)
	if err != nil {
		return Review{}, fmt.Errorf("step %s: %w", k.Step, err)
	}
	if _, err := w.ApproveEdited(ctx, req, edited); err != nil {
		return Review{}, err
	}
	return x.review1(ctx, k)
}

// Reject records that a person rejected a held AI text, or took back an approval
// before the text was sent: the step sends its template instead, in the next slot the
// Pacer grants. Errors: ENOTFOUND, ECONFLICT for a text already rejected or sent.
func (x *AIText) Reject(ctx context.Context, k aiwrite.Key) (Review, error) {
	if _, err := x.reviewer().Reject(ctx, k); err != nil {
		return Review{}, err
	}
	return x.review1(ctx, k)
}

// review1 reads the review of one text as it now stands.
func (x *AIText) review1(ctx context.Context, k aiwrite.Key) (Review, error) {
	e, found, err := x.Store.Get(ctx, k)
	if err != nil {
		return Review{}, err
	}
	if !found {
		return Review{}, paceline.Errorf(paceline.ENOTFOUND, "there is no AI text for %s", k)
	}
	return reviewOf(e)
}

// heldReview returns the review of a text waiting for a person.
func (x *AIText) heldReview(ctx context.Context, k aiwrite.Key) (Review, error) {
	e, found, err := x.Store.Get(ctx, k)
	if err != nil {
		return Review{}, err
	}
	if !found || e.Text == "" || e.Payload == "" {
		return Review{}, paceline.Errorf(paceline.ENOTFOUND, "step %s: there is no AI text for lead %s to review", k.Step, k.Lead)
	}
	if e.Status != aiwrite.StatusNeedsReview {
		return Review{}, paceline.Errorf(paceline.ECONFLICT, "step %s: the AI text for lead %s is %s, not waiting for review", k.Step, k.Lead, e.Status)
	}
	return reviewOf(e)
}

// reviewer is the Writer that records reviews: the configured one, or one over the
// Store without a provider when AI writing has since been switched off.
func (x *AIText) reviewer() *aiwrite.Writer {
	if x.Writer != nil {
		return x.Writer
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.review == nil {
		cfg := x.Rules
		cfg.Cache = x.Store
		x.review = aiwrite.New(nil, cfg)
	}
	return x.review
}
