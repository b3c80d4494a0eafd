package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// beyondSafeFlag lets accounts add and update set what checkSafeLimits refuses.
const beyondSafeFlag = "beyond-safe-limits"

const beyondSafeUsage = "accept a --cap above LinkedIn's limit for the account type and a --min-gap under 30s (a typo there gets a seat restricted: leave this out unless the seat really allows more)"

// minGapFloor is the shortest --min-gap accepted without --beyond-safe-limits on a
// LinkedIn account. LinkedIn publishes no gap; actions seconds apart are what its
// automation detection looks for, so a gap of 0s (taken by QA for a test) is a typo
// that gets a seat restricted. 30 s is a third of the default gap, which the jitter
// only lengthens. A mailbox has no such floor.
const minGapFloor = 30 * time.Second

// checkSafeLimits refuses, unless beyond, an override of after above LinkedIn's limit
// for its type (docs/limits.md) and, when gapGiven, a LinkedIn account's gap under
// minGapFloor. before is the stored account on update (nil on add): only the overrides
// a change sets are checked, all of them when the type changes, so that an account
// stored before this check can still change its time zone.
func checkSafeLimits(before, after *paceline.Account, gapGiven, beyond bool) error {
	if beyond {
		return nil
	}
	var problems []string
	p, err := limits.PresetFor(after.Type)
	if err != nil {
		return err
	}
	for _, o := range paceline.AccountOverrides(after) {
		if before != nil && before.Type == after.Type && overrideOf(before, o.Name) == o {
			continue
		}
		lim, ok := p.LinkedInLimit(o.Name)
		if !ok || o.Value <= lim.Value {
			continue
		}
		kept := ""
		if before != nil && overrideOf(before, o.Name) == o {
			kept = "the kept "
		}
		problems = append(problems, fmt.Sprintf("%s%s=%d is above LinkedIn's limit for a %s account, %d %s (the preset; give %s=%d or less, or %s=preset)",
			kept, o.Name, o.Value, after.Type, lim.Value, lim.What, o.Name, lim.Value, o.Name))
	}
	if len(problems) > 0 {
		return paceline.FieldErrorf("cap", "%s. Beyond it LinkedIn restricts the seat or refuses the action; pass --%s only if this seat really allows more",
			strings.Join(problems, "; "), beyondSafeFlag)
	}
	if gapGiven && after.Type != paceline.TypeEmail && after.MinGap < minGapFloor {
		return paceline.FieldErrorf("min-gap", "%s is under %s: actions that close together look automated to LinkedIn and get the seat restricted (the default is %s); pass --%s only if you mean it",
			after.MinGap, minGapFloor, paceline.DefaultMinGap, beyondSafeFlag)
	}
	return nil
}

// overrideOf is a's override of name, with a zero Value and empty Name when it has none.
func overrideOf(a *paceline.Account, name string) paceline.Override {
	if k := paceline.ActionKind(name); k.Valid() {
		if n, ok := a.Caps[k]; ok {
			return paceline.Override{Name: name, Value: n}
		}
		return paceline.Override{}
	}
	if n, ok := a.Limits[name]; ok {
		return paceline.Override{Name: name, Value: n}
	}
	return paceline.Override{}
}
