package apitest

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/runtime"
)

// Reviews is an in-memory list of AI texts waiting for review, for handler tests: it
// decides them as runtime.AIText does (ENOTFOUND for an unknown text, ECONFLICT for
// one already decided, EINVALID for an edit containing "guaranteed").
type Reviews struct {
	mu   sync.Mutex
	List []runtime.Review
}

// NewReviews returns one text waiting for review: step connect of campaign q1 for lead
// ada-lovelace.
func NewReviews() *Reviews {
	return &Reviews{List: []runtime.Review{{
		Key: aiwrite.Key{Campaign: "q1", Lead: "ada-lovelace", Step: "connect"}, Account: "alice", Kind: paceline.KindInvite,
		Text: "Hi Ada, a CTO at Acme: glad to connect.", Template: "Hi Ada, glad to connect.",
		Status: aiwrite.StatusNeedsReview, Created: Now.Add(-time.Hour),
	}}}
}

// Pending lists the texts.
func (r *Reviews) Pending(context.Context) ([]runtime.Review, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]runtime.Review(nil), r.List...), nil
}

// Approve approves a text, as written or edited.
func (r *Reviews) Approve(_ context.Context, k aiwrite.Key, edited string) (runtime.Review, error) {
	if strings.Contains(edited, "guaranteed") {
		return runtime.Review{}, paceline.Errorf(paceline.EINVALID, "step %s: the text uses the banned phrase %q", k.Step, "guaranteed")
	}
	return r.decide(k, aiwrite.StatusApproved, edited)
}

// Reject rejects a text.
func (r *Reviews) Reject(_ context.Context, k aiwrite.Key) (runtime.Review, error) {
	return r.decide(k, aiwrite.StatusRejected, "")
}

func (r *Reviews) decide(k aiwrite.Key, to aiwrite.Status, edited string) (runtime.Review, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.List {
		x := &r.List[i]
		if x.Key != k {
			continue
		}
		if x.Status != aiwrite.StatusNeedsReview {
			return runtime.Review{}, paceline.Errorf(paceline.ECONFLICT, "step %s: the AI text for lead %s is %s, not waiting for review", k.Step, k.Lead, x.Status)
		}
		x.Status = to
		if edited != "" {
			x.Text = edited
		}
		return *x, nil
	}
	return runtime.Review{}, paceline.Errorf(paceline.ENOTFOUND, "step %s: there is no AI text for lead %s to review", k.Step, k.Lead)
}

// Held is an in-memory list of held steps, for handler tests: Resume marks one
// resuming (ENOTFOUND for an unknown one, ECONFLICT for one already resuming).
type Held struct {
	mu    sync.Mutex
	Steps []runtime.HeldStep
}

// NewHeld returns one held step: step hello of campaign q1 for lead bob-brown, whose
// company is blank.
func NewHeld() *Held {
	return &Held{Steps: []runtime.HeldStep{{
		Campaign: "q1", Lead: "bob-brown", Account: "alice", Step: "hello",
		Why:   `step hello body: field "company" is missing or blank for this lead; held for review (fill the field in or give it a default)`,
		Todo:  "fill the lead's company in — re-import the list with it or run leads enrich — or give the template a default (paceline campaigns edit q1 --sequence FILE), then resume",
		Since: Now.Add(-2 * time.Hour),
	}}}
}

// List returns the held steps.
func (h *Held) List(context.Context) ([]runtime.HeldStep, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]runtime.HeldStep(nil), h.Steps...), nil
}

// Resume marks a held step resuming.
func (h *Held) Resume(_ context.Context, campaign, lead string) (runtime.HeldStep, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range h.Steps {
		x := &h.Steps[i]
		if x.Campaign != campaign || x.Lead != lead {
			continue
		}
		if x.Resuming {
			return runtime.HeldStep{}, paceline.Errorf(paceline.ECONFLICT, "lead %s is resuming in campaign %s, not held for review", lead, campaign)
		}
		x.Resuming = true
		return *x, nil
	}
	return runtime.HeldStep{}, paceline.Errorf(paceline.ENOTFOUND, "lead %s has no running enrollment in campaign %s", lead, campaign)
}
