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
	template := h.Text.Body
	if h.Action.Kind == paceline.KindInvite {
		template = h.Text.Note
	}
	return Review{Key: e.Key(), Account: h.Action.Account, Kind: h.Action.Kind, Subject: h.Text.Subject, Text: e.Text,
		Template: template, Status: e.Status, Tokens: e.Tokens, Created: e.CreatedAt, Action: h.Action, text: h.Text}, nil
}

// Pending lists the AI texts waiting for review, and those decided but not yet sent,
// oldest first.
func (x *AIText) Pending(ctx context.Context) ([]Review, error) {
	es, err := x.Store.Entries(ctx, aiwrite.EntryFilter{Statuses: []aiwrite.Status{aiwrite.StatusNeedsReview, aiwrite.StatusApproved, aiwrite.StatusRejected}})
	if err != nil {
		return nil, err
	}
	var out []Review
	for _, e := range es {
		if e.Payload == "" || !e.SentAt.IsZero() {
			continue
		}
		r, err := reviewOf(e)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Approve releases a held AI text and sends it through Next (see sendOne). A non-empty edited
// replaces the text, after the same guardrails as the model's (EINVALID naming the
// step when it breaks one; the text stays held). Errors: ENOTFOUND, ECONFLICT for a
// text not waiting for review.
func (x *AIText) Approve(ctx context.Context, k aiwrite.Key, edited string) (Review, error) {
	w := x.reviewer()
	if edited == "" {
		if _, err := w.Approve(ctx, k); err != nil {
			return Review{}, err
		}
		return x.sendOne(ctx, k)
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
	return x.sendOne(ctx, k)
}

// Reject discards a held AI text and sends the step's template through Next instead.
// Errors: ENOTFOUND, ECONFLICT for a text not waiting for review.
func (x *AIText) Reject(ctx context.Context, k aiwrite.Key) (Review, error) {
	if _, err := x.reviewer().Reject(ctx, k); err != nil {
		return Review{}, err
	}
	return x.sendOne(ctx, k)
}

// Flush sends every reviewed action not sent yet (decided from the CLI, or whose send
// failed) and returns how many it sent.
func (x *AIText) Flush(ctx context.Context) (int, error) {
	x.sendMu.Lock()
	defer x.sendMu.Unlock()
	es, err := x.Store.Entries(ctx, aiwrite.EntryFilter{Statuses: []aiwrite.Status{aiwrite.StatusApproved, aiwrite.StatusRejected}, Unsent: true})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range es {
		if err := x.send(ctx, e); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// sendOne sends the reviewed action of k now; without Next (a CLI process) it only
// returns the review, and the serving process's Flush sends it.
func (x *AIText) sendOne(ctx context.Context, k aiwrite.Key) (Review, error) {
	x.sendMu.Lock()
	defer x.sendMu.Unlock()
	e, found, err := x.Store.Get(ctx, k)
	if err != nil {
		return Review{}, err
	}
	if !found {
		return Review{}, paceline.Errorf(paceline.ENOTFOUND, "there is no AI text for %s", k)
	}
	if x.Next == nil {
		return reviewOf(e)
	}
	if err := x.send(ctx, e); err != nil {
		return Review{}, err
	}
	return reviewOf(e)
}

// send carries out a reviewed action now, with the approved text or the template, and
// marks it sent.
func (x *AIText) send(ctx context.Context, e aiwrite.Entry) error {
	if !e.SentAt.IsZero() || e.Payload == "" {
		return nil
	}
	r, err := reviewOf(e)
	if err != nil {
		return err
	}
	t := r.text
	if e.Status == aiwrite.StatusApproved {
		t = withText(r.Action, t, e.Text)
	}
	a := r.Action
	a.At = x.now() // the person decided now: the executor acts now
	out, err := x.pass(ctx, a, t)
	if err != nil {
		return fmt.Errorf("step %s: send the reviewed %s to %s: %w", e.StepID, a.Kind, e.LeadKey, err)
	}
	if out.Result != "" && out.Result != paceline.ResultDone {
		x.logger().Warn("a reviewed action was not carried out", "campaign", e.Campaign, "step", e.StepID, "lead", e.LeadKey, "result", out.Result)
	}
	return x.Store.MarkSent(ctx, e.Key(), a.At)
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
		x.review = aiwrite.New(nil, aiwrite.Config{Cache: x.Store, Banned: x.Banned})
	}
	return x.review
}
