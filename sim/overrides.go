package sim

import "github.com/paceline/paceline"

// Overrides are a seat's cap overrides, as a stored account's (paceline.Account.Caps
// and .Limits): the paceline strategy applies them to the seat's preset as serve does
// (limits.Config.ApplyOverrides).
type Overrides struct {
	// Caps replaces the weekly cap of a kind (Uncapped = none).
	Caps map[paceline.ActionKind]int
	// Limits sets InMail credits, the note quota and length, and daily_<kind> caps by
	// name (paceline.LimitInMailMonthly and the others).
	Limits map[string]int
}
