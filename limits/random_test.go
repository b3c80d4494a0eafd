package limits

import (
	"math/rand/v2"
	"time"

	"github.com/paceline/paceline"
)

// The random histories the in-package property tests drive a Pacer through.
var (
	randomKinds = []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage, paceline.KindInMail,
		paceline.KindOpenProfileMessage, paceline.KindVisit, paceline.KindWithdraw, paceline.KindEmail}
	randomEvents = []paceline.EventKind{paceline.EventAccepted, paceline.EventDeclined, paceline.EventWithdrawn,
		paceline.EventReplied, paceline.EventWarning, paceline.EventLimitHit, paceline.EventRestricted,
		paceline.EventOptedOut, paceline.EventBounced}
)

// randomLead is one of 26 leads, so that invites and answers meet.
func randomLead(rng *rand.Rand) string { return "lead-" + string(rune('a'+rng.IntN(26))) }

// randomEvent is an event of a random kind about a random lead at at; a restriction
// lasts up to three days.
func randomEvent(rng *rand.Rand, at time.Time) paceline.Event {
	ev := paceline.Event{At: at, Account: "a", Lead: randomLead(rng), Type: randomEvents[rng.IntN(len(randomEvents))],
		Kind: randomKinds[rng.IntN(len(randomKinds))]}
	if ev.Type == paceline.EventRestricted {
		ev.Until = at.Add(time.Duration(rng.IntN(72)) * time.Hour)
	}
	return ev
}

// copyPacer is a Pacer with p's configuration and a copy of its state, none of the
// caches a Pacer keeps between decisions, and a search that always runs the pass that
// confirms its answer.
func copyPacer(p *Pacer) *Pacer {
	return &Pacer{cfg: p.cfg, st: p.st.clone(), cal: &calendar{sched: p.cfg.Schedule}, confirm: true}
}
