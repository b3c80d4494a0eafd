package runtime

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// missedAnswers applies again the answers (replies, opt-outs, bounces) the account
// recorded for a loaded enrollment's lead since it started that are behind the cursor:
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
	started := make(map[string]*paceline.EnrollmentRecord, len(loaded))
	for _, rec := range loaded {
		started[rec.Lead] = rec
	}
	for _, ev := range past {
		if ev.ID > cursor || !isAnswer(ev.Type) {
			continue
		}
		rec := started[ev.Lead]
		if rec == nil || ev.At.Before(rec.Started) {
			continue
		}
		ev.Account = ""
		g.Observe(ev)
	}
}

// isAnswer reports whether an event is a lead's answer that stops a sequence on any
// account: what AnswersElsewhere returns.
func isAnswer(t paceline.EventKind) bool {
	return t == paceline.EventReplied || t == paceline.EventOptedOut || t == paceline.EventBounced
}
