package engine

import (
	"errors"
	"time"
)

// SenderDown is the error an executor returns when the account itself cannot act for
// a while, whatever the lead: its mail server cannot be reached, refuses its login or
// cannot be reached securely, or its mailbox is not run by this process. The engine
// records the attempt as failed, as any other, but does not count it against the
// lead: a lead's sequence stops as failed only after maxFailures failures of its own,
// not because the sender was down while its step came due. The step goes back in line
// with its place, and the account's steps of that kind wait until Until, or For after
// the attempt when Until is zero (a minute when neither is after it), so an outage
// costs one attempt per hold rather than every lead due during it.
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
