package main

import (
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// planOpened reads limits plan's --created with accounts add's parseOpened (local
// midnight in the plan's time zone, not before LinkedIn opened), so a plan and the
// account stored from the same flags start warm-up at the same instant. The day must
// not be after from, the plan's start: the present, as on accounts add, or the --start
// given (startGiven), since a plan may be of a week to come. "" is an established
// account.
func planOpened(s string, loc *time.Location, from time.Time, startGiven bool) (time.Time, error) {
	if !startGiven {
		return parseOpened(s, loc, from)
	}
	// The plan's start is checked here, with its own message, rather than "the future".
	d, err := parseOpened(s, loc, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
	if err == nil && d.After(from) {
		return time.Time{}, paceline.FieldErrorf("created", "%s is after the plan's start, %s (an account acts only once opened: give an earlier --created or a later --start)",
			strings.TrimSpace(s), from.In(loc).Format("Mon 2 Jan 2006 15:04"))
	}
	return d, err
}
