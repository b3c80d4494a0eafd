package aiwrite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// Approve releases a lead's AI text held for review, so the next Write returns it with
// StatusApproved. It fails with ENOTFOUND when there is no text for the key and
// ECONFLICT when the text is not waiting for review.
func (w *Writer) Approve(ctx context.Context, k Key) (Entry, error) {
	return w.review(ctx, k, StatusApproved, "")
}

// ApproveEdited approves a held text as a person edited it. The edited text must pass
// the guardrails of the request it was written for (its limit, the banned phrases, the
// facts of its fields and prompt): a broken rule is an EINVALID error naming the step,
// and the text stays held. Its line breaks are stored as \n, whatever sent it.
func (w *Writer) ApproveEdited(ctx context.Context, req Request, text string) (Entry, error) {
	text = NormaliseLineBreaks(strings.TrimSpace(text))
	if text == "" {
		return Entry{}, paceline.FieldErrorf("text", "step %s: the edited text is empty; approve the text as it is or reject it", req.StepID)
	}
	if vs := w.guard(req).Check(text); len(vs) > 0 {
		return Entry{}, paceline.FieldErrorf("text", "step %s: the edited text cannot be sent: %s", req.StepID, joinViolations(vs))
	}
	return w.review(ctx, req.Key(), StatusApproved, text)
}

// Reject discards a lead's AI text held for review, or one approved and not yet sent
// (an approval can be taken back until the text goes out): the next Write uses the
// step's template, with a Fallback that says a reviewer rejected the text, and the
// provider is not asked again. It fails with ENOTFOUND when there is no text for the
// key and ECONFLICT when the text was rejected or sent already.
func (w *Writer) Reject(ctx context.Context, k Key) (Entry, error) {
	return w.review(ctx, k, StatusRejected, "")
}

func (w *Writer) review(ctx context.Context, k Key, to Status, text string) (Entry, error) {
	unlock := w.locks.lock(k)
	defer unlock()
	e, found, err := w.cfg.Cache.Get(ctx, k)
	if err != nil {
		return Entry{}, fmt.Errorf("step %s: read the AI text cache: %w", k.Step, err)
	}
	if !found || e.Text == "" {
		return Entry{}, errNoEntry(k)
	}
	switch {
	case to == StatusRejected && e.Status == StatusApproved && !e.SentAt.IsZero():
		return Entry{}, paceline.Errorf(paceline.ECONFLICT, "step %s: the approved AI text for lead %s was sent at %s; it cannot be taken back", k.Step, k.Lead, e.SentAt.UTC().Format(time.RFC3339))
	case to == StatusRejected && e.Status == StatusApproved:
		// An approval taken back before the send: the template goes out instead.
	case e.Status != StatusNeedsReview:
		return Entry{}, paceline.Errorf(paceline.ECONFLICT, "step %s: the AI text for lead %s is %s, not waiting for review", k.Step, k.Lead, e.Status)
	}
	e.Status = to
	if text != "" {
		e.Text = text
	}
	if to == StatusRejected {
		e.Fallback = &Fallback{Cause: CauseRejected, Reason: fmt.Sprintf("step %s: a reviewer rejected the AI text; the template is used", k.Step)}
	}
	if err := w.cfg.Cache.Put(ctx, e); err != nil {
		return Entry{}, fmt.Errorf("step %s: store the review: %w", k.Step, err)
	}
	return e, nil
}

func errNoEntry(k Key) error {
	return paceline.Errorf(paceline.ENOTFOUND, "step %s: there is no AI text for lead %s to review", k.Step, k.Lead)
}
