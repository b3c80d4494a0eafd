package email

import (
	"sync"
	"time"

	"github.com/paceline/paceline/engine"
)

// hold is what a Sender remembers of its server's trouble between actions. A failure
// that every recipient would meet (the server cannot be reached, refuses the login,
// cannot be reached securely, or refuses the sender rather than an address) is the
// mailbox's, not the lead's: the action fails with engine.SenderDown, so the engine
// holds the mailbox's emails instead of blaming each lead, and until the hold ends
// the Sender answers so at once, without connecting. Holds grow from holdFirst,
// doubling, to holdMax while the trouble lasts; an email that goes out ends them.
type hold struct {
	mu    sync.Mutex
	until time.Time
	err   error
	downs int // failures of the mailbox in a row
}

const (
	holdFirst = 5 * time.Minute
	holdMax   = time.Hour
)

// active returns the hold in force at now, as the error to fail an action with, or nil.
func (h *hold) active(now time.Time) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == nil || !now.Before(h.until) {
		return nil
	}
	return engine.HoldSender(h.err, h.until)
}

// fail starts the next hold after a failure of the mailbox at now and returns err
// wrapped to say so; others is what active answers other emails with meanwhile.
func (h *hold) fail(now time.Time, err, others error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.downs++
	d := holdFirst
	for i := 1; i < h.downs && d < holdMax; i++ {
		d *= 2
	}
	h.until, h.err = now.Add(min(d, holdMax)), others
	return engine.HoldSender(err, h.until)
}

// clear ends the holds: the server took an email.
func (h *hold) clear() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.downs, h.err, h.until = 0, nil, time.Time{}
}

// Held returns the end of the hold in force at now and the failure that started it,
// or a zero time when the mailbox is not held: a runtime that builds a new engine for
// each tick tells it so (engine.Engine.Hold), rather than spend an attempt to learn it.
func (s *Sender) Held(now time.Time) (time.Time, string) {
	s.hold.mu.Lock()
	defer s.hold.mu.Unlock()
	if s.hold.err == nil || !now.Before(s.hold.until) {
		return time.Time{}, ""
	}
	return s.hold.until, s.hold.err.Error()
}
