package engine

import (
	"errors"
	"time"

	"github.com/paceline/paceline"
)

// SenderDown is the error an executor returns when the account itself cannot act for
// a while, whatever the lead: its mail server cannot be reached, refuses its login or
// cannot be reached securely, or its mailbox is not run by this process. The engine
// records the attempt as failed, as any other, and the account's steps of that kind
// wait until Until, or For after the attempt when Until is zero (a minute when neither
// is after it), so an outage costs one attempt per hold rather than every lead due
// during it. The lead is not blamed for an outage: its step waits a little past the
// hold, so that another lead is tried first when the hold ends. Only a SenderDown that
// comes right after an attempt of the same kind that went through counts as one of
// the lead's failures (maxFailures stop it): a server that takes other leads' emails
// and refuses this one's with words that read as the sender's (550 5.7.1 "Recipient
// address rejected") would otherwise hold the mailbox for ever, this lead tried first
// at the end of every hold.
type SenderDown struct {
	Until time.Time
	For   time.Duration
	Err   error
}

// Error is the executor's own error.
func (d *SenderDown) Error() string { return d.Err.Error() }

// Unwrap gives the executor's own error to errors.Is and errors.As.
func (d *SenderDown) Unwrap() error { return d.Err }

// HoldSender wraps err, an executor's error about the account rather than the lead, so
// that the engine holds the account's steps of the action's kind until until. A nil
// err stays nil.
func HoldSender(err error, until time.Time) error {
	if err == nil {
		return nil
	}
	return &SenderDown{Until: until, Err: err}
}

// HoldSenderFor is HoldSender for an executor without the engine's clock: the hold
// lasts d from the attempt.
func HoldSenderFor(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &SenderDown{For: d, Err: err}
}

// until is the end of the hold of an attempt at now.
func (d *SenderDown) until(now time.Time) time.Time {
	t := d.Until
	if t.IsZero() {
		t = now.Add(d.For)
	}
	if !t.After(now) {
		t = now.Add(gateRetry)
	}
	return t
}

// senderDown returns the hold err asks for, if it is a SenderDown.
func senderDown(err error) (*SenderDown, bool) {
	var d *SenderDown
	if err == nil || !errors.As(err, &d) {
		return nil, false
	}
	return d, true
}

// heldLeadStagger is how long past the end of a hold the step that met it waits, so
// that another lead's step is tried first.
const heldLeadStagger = time.Minute

// holdSender applies a SenderDown that e's attempt of kind k at now met: the account's steps of
// its kind wait for the hold to end, and e waits past it (heldLeadStagger). When the
// account's attempt of the kind before this one went through (wentBefore), the trouble
// may be the lead's and counts as one of its failures. It returns true when the
// failure is the lead's to handle as any other (the caller counts it and ends the lead
// at maxFailures), false when it is handled.
func (g *Engine) holdSender(s *seat, e *Enrollment, k paceline.ActionKind, down *SenderDown, wentBefore bool, now time.Time) bool {
	ki := k.Index()
	until := down.until(now)
	s.downUntil[ki] = until.UnixNano()
	s.downWhy[ki] = down.Error()
	if e.detached || e.phase == phaseWithdraw {
		// A withdrawal waits in its queue for the hold to end: a detached one has no
		// timer of its own (its ref names the lead's enrollment), and it contacts nobody.
		g.enqueue(e, k, e.Due)
		return false
	}
	if wentBefore && e.failures+1 >= maxFailures {
		return true // its third failure: ended as any other
	}
	if wentBefore {
		e.failures++
	}
	e.phase = phaseDelay
	g.schedule(e, until.Add(heldLeadStagger))
	return false
}

// Attempted tells the engine whether the account's latest attempt of kind k before this
// engine was built (the ledger shows it) went through, as the engine notes its own: a
// SenderDown right after one that did counts against the lead. Errors: EINVALID for an
// unknown account or kind.
func (g *Engine) Attempted(account string, k paceline.ActionKind, ok bool) error {
	s := g.byName[account]
	switch {
	case s == nil:
		return paceline.FieldErrorf("account", "%s is not added", account)
	case k.Index() < 0:
		return paceline.FieldErrorf("kind", "%q is not an action kind", k)
	}
	s.lastOK[k.Index()] = ok
	return nil
}

// Hold tells the engine that the account's steps of kind k cannot go out until until,
// for why, as a SenderDown the engine met itself would: an executor that remembers a
// hold across engines (a mailbox's Sender between ticks) so spares the attempt that
// would only meet it again. Errors: EINVALID for an unknown account or kind.
func (g *Engine) Hold(account string, k paceline.ActionKind, until time.Time, why string) error {
	s := g.byName[account]
	switch {
	case s == nil:
		return paceline.FieldErrorf("account", "%s is not added", account)
	case k.Index() < 0:
		return paceline.FieldErrorf("kind", "%q is not an action kind", k)
	}
	s.downUntil[k.Index()], s.downWhy[k.Index()] = until.UnixNano(), why
	return nil
}
