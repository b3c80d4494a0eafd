package engine

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
)

// Unreachable says why no action of kind k can reach lead l (an email step for a lead
// without an address, a LinkedIn step for a lead without a profile), or "": the
// reason the engine gives when it skips such a step, for a preview to say the same.
func Unreachable(k paceline.ActionKind, l *paceline.Lead) string {
	f := factsOf(l)
	return unreachable(k, &f)
}

// IfFacts are what an if: tests about lead l when its step comes due, as the engine
// reads them; connected is whether the sending account is connected to the lead by
// then, which only the campaign knows.
func IfFacts(l *paceline.Lead, connected bool) sequence.Facts {
	f := factsOf(l)
	return sequence.Facts{Connected: connected, OpenProfile: f.openProfile, HasEmail: f.hasEmail, Premium: f.premium, Score: int(f.score)}
}
