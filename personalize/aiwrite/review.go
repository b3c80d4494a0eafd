package aiwrite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
)

// Approve releases a lead's AI text held for review, so the next Write returns it with
// StatusApproved. It fails with ENOTFOUND when there is no text for the lead and step
// and ECONFLICT when the text is not waiting for review.
func (w *Writer) Approve(ctx context.Context, leadKey, stepID string) (Entry, error) {
	return w.review(ctx, leadKey, stepID, StatusApproved)
}

// Reject discards a lead's AI text held for review: the next Write uses the step's
// template, with a Fallback that says a reviewer rejected the text, and the provider is
// not asked again.
func (w *Writer) Reject(ctx context.Context, leadKey, stepID string) (Entry, error) {
	return w.review(ctx, leadKey, stepID, StatusRejected)
}

func (w *Writer) review(ctx context.Context, leadKey, stepID string, to Status) (Entry, error) {
	unlock := w.locks.lock(leadKey + "\x00" + stepID)
	defer unlock()
	e, found, err := w.cfg.Cache.Get(ctx, leadKey, stepID)
	if err != nil {
		return Entry{}, fmt.Errorf("step %s: read the AI text cache: %w", stepID, err)
	}
	if !found || e.Text == "" {
		return Entry{}, paceline.Errorf(paceline.ENOTFOUND, "step %s: there is no AI text for lead %s to review", stepID, leadKey)
	}
	if e.Status != StatusNeedsReview {
		return Entry{}, paceline.Errorf(paceline.ECONFLICT, "step %s: the AI text for lead %s is %s, not waiting for review", stepID, leadKey, e.Status)
	}
	e.Status = to
	if to == StatusRejected {
		e.Fallback = &Fallback{Cause: CauseRejected, Reason: fmt.Sprintf("step %s: a reviewer rejected the AI text; the template is used", stepID)}
	}
	if err := w.cfg.Cache.Put(ctx, e); err != nil {
		return Entry{}, fmt.Errorf("step %s: store the review: %w", stepID, err)
	}
	return e, nil
}
