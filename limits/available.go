package limits

import "github.com/paceline/paceline"

// CanDo reports whether an account with this configuration can ever carry out kind k,
// whatever its caps say: a mailbox (paceline.TypeEmail) only sends email; an InMail
// needs InMail credits and an Open Profile message the type's Open Profile allowance;
// any other kind needs a weekly cap or a daily target (an uncapped kind without one is a
// kind the type does not pace at all: email on a LinkedIn type, unless a cap gives it,
// as the simulator's seats have). A cap of 0 is
// a pause, not an inability: the kind is still one the account can do. The Pacer
// answers ReasonNotAvailable, and never, for a kind the account cannot do, and the
// engine then skips the step.
func (c *Config) CanDo(k paceline.ActionKind) bool { return c.canDo(k, k.Index()) }

// canDo is CanDo for a kind whose index i the caller has.
func (c *Config) canDo(k paceline.ActionKind, i int) bool {
	if i < 0 || c.Type == paceline.TypeEmail && k != paceline.KindEmail {
		return false
	}
	switch k {
	case paceline.KindInMail:
		return c.InMailMonthly > 0 || c.InMailRolloverCap > 0
	case paceline.KindOpenProfileMessage:
		return c.OpenProfile
	}
	return c.Weekly[i] != Uncapped || c.DailyTarget[i] != 0
}
