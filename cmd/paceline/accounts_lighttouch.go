package main

import (
	"fmt"
	"io"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/spf13/cobra"
)

// lightTouchKinds are the kinds LinkedIn publishes no limit for, so checkSafeLimits
// lets any cap on them through: a typo there (visit=5000) paced 950 visits a day.
var lightTouchKinds = []paceline.ActionKind{paceline.KindVisit, paceline.KindFollow, paceline.KindLikePost,
	paceline.KindEndorse, paceline.KindWithdraw}

// lightTouchFar is how many times the preset's pace a light-touch cap may be before
// it is called far above it.
const lightTouchFar = 3

// lightTouchSettings are the flags of accounts update that can make a light-touch cap
// one to warn about.
var lightTouchSettings = []string{"type", "cap", "min-gap", "working-hours", "working-days"}

// lightTouchWarnings says which of acc's weekly or daily caps on a light-touch kind
// are beyond what its minimum gap reaches in its working hours (the Pacer never gets
// there, so the cap is not what paces the kind) or far above the pace of its type's
// preset (bursts of visits or follows look automated). They are warnings, not
// refusals: LinkedIn publishes no number for these kinds.
func lightTouchWarnings(acc *paceline.Account) []string {
	p, err := limits.SharedPreset(acc.Type)
	if err != nil || acc.Type == paceline.TypeEmail {
		return nil
	}
	days := acc.Days.Count()
	perDay := 0 // actions the gap allows in a working day, all kinds together
	if window := time.Duration(acc.Hours.End-acc.Hours.Start) * time.Minute; acc.MinGap > 0 {
		perDay = int(window / acc.MinGap)
	}
	var out []string
	check := func(name string, n int, per string, reach, pace int) {
		switch {
		case perDay > 0 && n > reach:
			out = append(out, fmt.Sprintf("%s=%d is more than the %s gap allows in working hours (%d %s, all kinds together); --cap %s=preset restores the preset",
				name, n, acc.MinGap, reach, per, name))
		case pace > 0 && n > lightTouchFar*pace:
			out = append(out, fmt.Sprintf("%s=%d is far above the %s preset's pace (%d %s); --cap %s=preset restores the preset",
				name, n, acc.Type, pace, per, name))
		}
	}
	for _, k := range lightTouchKinds {
		target := p.DailyTarget[k]
		if n, ok := acc.Caps[k]; ok {
			check(string(k), n, "a week", perDay*days, target*days)
		}
		name := paceline.LimitDailyPrefix + string(k)
		if n, ok := acc.Limits[name]; ok {
			check(name, n, "a day", perDay, target)
		}
	}
	return out
}

// warnLightTouch writes acc's light-touch warnings to w, one line each.
func warnLightTouch(w io.Writer, acc *paceline.Account) {
	for _, s := range lightTouchWarnings(acc) {
		fmt.Fprintf(w, "Warning: %s.\n", s)
	}
}

// warnLightTouchAfterUpdate wraps accounts update so that, once it has stored a change
// of what paces a light-touch kind, it warns as accounts add does about the stored
// account's light-touch caps (lightTouchWarnings). It reads the account back because the
// update's result is what the warning is about, whatever the flags left as they were.
func (a *app) warnLightTouchAfterUpdate(cmd *cobra.Command) {
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := run(cmd, args); err != nil {
			return err
		}
		if !givenAny(cmd.Flags().Changed, lightTouchSettings) {
			return nil
		}
		// Only a warning: the update is done, so a failure to read the account back
		// is not the command's failure.
		_ = a.withAppStore(cmd.Context(), true, func(s appStore) error {
			acc, err := s.Account(cmd.Context(), args[0])
			if err == nil {
				warnLightTouch(a.stderr, acc)
			}
			return err
		})
		return nil
	}
}
