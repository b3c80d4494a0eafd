package main

import (
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// planOpened reads limits plan's --created as accounts add reads it (parseOpened: a
// YYYY-MM-DD day, not before LinkedIn opened), as local midnight in the plan's time
// zone, where a Paris account's warm-up week used to end at 01:00 (UTC midnight). The
// day must not be after from, the plan's start: the present, as on accounts add, or
// the --start given (startGiven), since a plan may be of a week to come. "" is an
// established account.
func planOpened(s string, loc *time.Location, from time.Time, startGiven bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err == nil && d.After(from) {
		if startGiven {
			return time.Time{}, paceline.FieldErrorf("created", "%s is after the plan's start, %s (an account acts only once opened: give an earlier --created or a later --start)",
				s, from.In(loc).Format("Mon 2 Jan 2006 15:04"))
		}
		return time.Time{}, paceline.FieldErrorf("created", "%s is in the future (give the day the LinkedIn account was opened)", s)
	}
	// The rest of accounts add's checks; the future was checked above in loc.
	if _, err := parseOpened(s, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		return time.Time{}, err
	}
	return d, nil
}
