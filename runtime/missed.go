package runtime

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// missedAnswers applies again the answers (replies, opt-outs, bounces, and accepts
// a waiting enrollment did not see) the account recorded for a loaded enrollment's
// lead since it started that are behind the cursor:
// a tick that ran while the lead's campaign was paused did not load the enrollment,
// applied the answer to nothing and moved the cursor past it, so after the resume the
// sequence went on messaging a person who had answered. A running enrollment with such
// an answer cannot have seen it (every sequence stops on a reply and an opt-out), and
// one whose sequence does not stop on it (a bounce) is left as it is. The answer is
// applied without its account: the account's Pacer heard it when it came.
func missedAnswers(g *engine.Engine, loaded map[*engine.Enrollment]*paceline.EnrollmentRecord, past []paceline.Event, cursor int64) {
	if len(loaded) == 0 {
		return
	}
	type running struct {
		e   *engine.Enrollment
		rec *paceline.EnrollmentRecord
	}
	byLead := make(map[string]running, len(loaded))
	for e, rec := range loaded {
		byLead[rec.Lead] = running{e, rec}
	}
	for _, ev := range past {
		if ev.ID > cursor {
			continue
		}
		r, ok := byLead[ev.Lead]
		if !ok || ev.At.Before(r.rec.Started) {
			continue
		}
		switch {
		case isAnswer(ev.Type):
			ev.Account = ""
			g.Observe(ev)
		case ev.Type == paceline.EventAccepted && !r.e.Connected && r.e.State == engine.Waiting:
			// An accept missed the same way: the enrollment would wait for it until
			// its timeout, then withdraw an invite the lead had accepted, and never
			// send the message. It is applied with its account, which the engine
			// needs to match the invite; the Pacer built for this tick hears it a
			// second time, and once only, since the enrollment is connected after.
			g.Observe(ev)
		}
	}
}

// isAnswer reports whether an event is a lead's answer that stops a sequence on any
// account: what AnswersElsewhere returns.
func isAnswer(t paceline.EventKind) bool {
	return t == paceline.EventReplied || t == paceline.EventOptedOut || t == paceline.EventBounced
}
