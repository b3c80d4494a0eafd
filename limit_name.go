package paceline

import (
	"slices"
	"strings"
)

// Names of the preset numbers other than weekly caps that an account may override
// (DESIGN.md §1: every number is a default). A daily hard cap is "daily_" + a kind.
const (
	LimitInMailMonthly     = "inmail_monthly"      // InMail credits added each month
	LimitInMailRolloverCap = "inmail_rollover_cap" // most InMail credits that roll over
	LimitNoteQuotaMonthly  = "note_quota_monthly"  // invites with a personal note per month
	LimitNoteMaxChars      = "note_max_chars"      // longest personal note
	LimitDailyPrefix       = "daily_"              // + kind: hard cap over any rolling 24 h
)

// LimitNames lists the override names in a stable order, daily caps last as a pattern.
func LimitNames() []string {
	return []string{LimitInMailMonthly, LimitInMailRolloverCap, LimitNoteQuotaMonthly, LimitNoteMaxChars, LimitDailyPrefix + "<kind>"}
}

// ValidLimitName reports whether name is an override Account.Limits may hold.
func ValidLimitName(name string) bool {
	switch name {
	case LimitInMailMonthly, LimitInMailRolloverCap, LimitNoteQuotaMonthly, LimitNoteMaxChars:
		return true
	}
	k, ok := strings.CutPrefix(name, LimitDailyPrefix)
	return ok && ActionKind(k).Valid()
}

// Override is one stored override of an account: a weekly cap (Name is the kind) or
// another limit (Name is one of LimitNames).
type Override struct {
	Name  string
	Value int
}

// AccountOverrides lists an account's overrides in a stable order (kinds first, in
// ActionKinds order, then limits by name), as the stores write them.
func AccountOverrides(a *Account) []Override {
	var out []Override
	for _, k := range ActionKinds {
		if n, ok := a.Caps[k]; ok {
			out = append(out, Override{string(k), n})
		}
	}
	names := make([]string, 0, len(a.Limits))
	for name := range a.Limits {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		out = append(out, Override{name, a.Limits[name]})
	}
	return out
}

// SetOverride puts a stored override back where it belongs: a kind's name is a weekly
// cap, anything else a limit.
func SetOverride(a *Account, name string, value int) {
	if k := ActionKind(name); k.Valid() {
		if a.Caps == nil {
			a.Caps = map[ActionKind]int{}
		}
		a.Caps[k] = value
		return
	}
	if a.Limits == nil {
		a.Limits = map[string]int{}
	}
	a.Limits[name] = value
}
