package runtime

import (
	"time"

	"github.com/paceline/paceline"
)

// Starts knows, for an account's running enrollments, when each started and whether
// it has done anything to its lead yet: what Predates needs to tell an answer to an
// earlier conversation from an answer to the enrollment.
type Starts struct {
	started   map[string]time.Time // by lead
	contacted map[string]bool      // by lead
}

// NewStarts reads recs, an account's running enrollments, and actions, the account's
// ledger since the earliest of them started (a shorter window leaves an enrollment
// that did act taken as one that did not).
func NewStarts(recs []paceline.EnrollmentRecord, actions []paceline.Action) Starts {
	s := Starts{started: make(map[string]time.Time, len(recs)), contacted: map[string]bool{}}
	campaign := make(map[string]string, len(recs))
	for i := range recs {
		s.started[recs[i].Lead] = recs[i].Started
		campaign[recs[i].Lead] = recs[i].Campaign
	}
	for _, a := range actions {
		if a.Result != paceline.ResultDone || a.Lead == "" || campaign[a.Lead] != a.Campaign {
			continue
		}
		if at, ok := s.started[a.Lead]; ok && !a.At.Before(at) {
			s.contacted[a.Lead] = true
		}
	}
	return s
}

// Predates reports whether ev, an event of the account, belongs to the time before
// the running enrollment of its lead: dated before the enrollment started, while the
// enrollment has done nothing to the lead. Such an event (the reply that made a lead
// enrolled with campaigns start --include-replied "replied before", recorded while no
// tick had read it yet) stops nothing, as an old answer to another account does not
// (AnswersElsewhere). Once the enrollment has contacted the lead, an answer dated
// before its start is taken as an answer to it, dated by a clock running behind
// paceline's (a mail server's INTERNALDATE may be minutes behind, email.ServerSkew):
// stopping a lead who answered is the safe side. An accept never predates: it says
// the lead is connected now, which the enrollment needs whenever it came.
func (s Starts) Predates(ev paceline.Event) bool {
	at, ok := s.started[ev.Lead]
	return ok && ev.Lead != "" && ev.Type != paceline.EventAccepted && ev.At.Before(at) && !s.contacted[ev.Lead]
}

// beforeStart splits evs, the account's events past its cursor, into those that
// predate the running enrollment of their lead (Starts.Predates) and the rest, each in
// id order. The tick applies the first before it loads the enrollments, so the
// account's Pacer hears them (an InMail's refund, an invite answered) and no
// enrollment does.
func beforeStart(s Starts, evs []paceline.Event) (before, rest []paceline.Event) {
	for _, ev := range evs {
		if s.Predates(ev) {
			before = append(before, ev)
			continue
		}
		rest = append(rest, ev)
	}
	return before, rest
}
