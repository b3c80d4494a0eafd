package runtime

import (
	"time"

	"github.com/paceline/paceline"
)

// Starts knows, for an account's running enrollments started with --include-replied
// (paceline.EnrollmentRecord.IncludeReplied), when each started and whether it has
// done anything to its lead yet: what Predates needs to tell an answer to an earlier
// conversation from an answer to the enrollment.
type Starts struct {
	started   map[string]time.Time // by lead
	contacted map[string]bool      // by lead
}

// NewStarts reads recs, an account's running enrollments, and actions, the account's
// ledger since the earliest of them started (a shorter window leaves an enrollment
// that did act taken as one that did not). An enrollment of a plain start is left
// out: nothing predates it (Predates).
func NewStarts(recs []paceline.EnrollmentRecord, actions []paceline.Action) Starts {
	s := Starts{started: make(map[string]time.Time, len(recs)), contacted: map[string]bool{}}
	campaign := make(map[string]string, len(recs))
	for i := range recs {
		if !recs[i].IncludeReplied {
			continue
		}
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
// the running enrollment of its lead: the enrollment was started with campaigns start
// --include-replied, ev is dated before it started, and the enrollment has done
// nothing to the lead. Such an event (the reply that made the lead "replied before",
// recorded while no tick had read it yet) stops nothing, as an old answer to another
// account does not (AnswersElsewhere). A plain start's enrollment is never
// predated: the start left out only the replies RepliedLeads saw when it ran, and a
// reply recorded later is often dated earlier (a mailbox polled late, a seat that
// reports its inbox later); that lead is in a conversation and must be stopped, as
// the start would have left it out. Once the enrollment has contacted the lead, an answer dated
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
