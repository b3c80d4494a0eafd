package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// accountChange is one setting accounts update changed, as it prints it.
type accountChange struct {
	setting, old, new string
}

// accountChanges lists what differs between the stored account and the updated one,
// in the order accounts show prints the settings, each override on a row of its own.
func accountChanges(before, after *paceline.Account) []accountChange {
	var out []accountChange
	add := func(setting, old, new string) {
		if old != new {
			out = append(out, accountChange{setting, old, new})
		}
	}
	add("type", string(before.Type), string(after.Type))
	add("time zone", before.TimeZone, after.TimeZone)
	add("working hours", before.Hours.String(), after.Hours.String())
	add("working days", before.Days.String(), after.Days.String())
	add("min gap", before.MinGap.String(), after.MinGap.String())
	add("safety", strconv.FormatFloat(before.Safety, 'g', -1, 64), strconv.FormatFloat(after.Safety, 'g', -1, 64))
	for _, name := range overrideNames(before, after) {
		add("cap "+name, overrideText(before, name), overrideText(after, name))
	}
	// A --time-zone alone keeps the instant, which may then read differently.
	if !before.Opened.Equal(after.Opened) {
		add("opened", openedText(before), openedText(after))
	}
	add("signs as", cmpOr(before.SenderName, "(no name)"), cmpOr(after.SenderName, "(no name)"))
	return out
}

// overrideNames are the names either account overrides, kinds first in ActionKinds
// order, then the other limits by name.
func overrideNames(accounts ...*paceline.Account) []string {
	var kinds, names []string
	for _, a := range accounts {
		for _, o := range paceline.AccountOverrides(a) {
			if paceline.ActionKind(o.Name).Valid() {
				kinds = append(kinds, o.Name)
			} else {
				names = append(names, o.Name)
			}
		}
	}
	order := func(k string) int { return paceline.ActionKind(k).Index() }
	slices.SortFunc(kinds, func(x, y string) int { return order(x) - order(y) })
	slices.Sort(names)
	return append(slices.Compact(kinds), slices.Compact(names)...)
}

// overrideText is the account's override of name, or the preset it falls back to.
func overrideText(a *paceline.Account, name string) string {
	if o := overrideOf(a, name); o.Name != "" {
		return strconv.Itoa(o.Value)
	}
	return "preset (" + presetText(a, name) + ")"
}

// presetText is the preset number of an override name for account a: its type's, and
// a mailbox's email allowance for a LinkedIn seat with a mailbox of its own (as
// limits.ConfigFor gives it), where the seat's type alone has none.
func presetText(a *paceline.Account, name string) string {
	c, err := limits.NewConfig(a.Type, time.UTC)
	if err != nil {
		return "unknown"
	}
	if a.Mailbox && a.Type != paceline.TypeEmail {
		c.Weekly[paceline.KindEmail.Index()] = emailPresetWeekly()
	}
	n := limits.Uncapped
	switch name {
	case paceline.LimitInMailMonthly:
		n = c.InMailMonthly
	case paceline.LimitInMailRolloverCap:
		n = c.InMailRolloverCap
	case paceline.LimitNoteQuotaMonthly:
		n = c.NoteQuotaMonthly
	case paceline.LimitNoteMaxChars:
		n = c.NoteMaxChars
	default:
		if k, daily := strings.CutPrefix(name, paceline.LimitDailyPrefix); daily {
			n = c.Daily[paceline.ActionKind(k).Index()]
		} else {
			n = c.Weekly[paceline.ActionKind(name).Index()]
		}
	}
	if n == limits.Uncapped {
		return "none"
	}
	return strconv.Itoa(n)
}

func openedText(a *paceline.Account) string {
	if a.Opened.IsZero() {
		return "unknown (established)"
	}
	if at, ok := openedAt(a); ok {
		return at
	}
	return openedDay(a)
}

// openedDay is the --created day of a: Opened's date in the account's time zone,
// where accounts add and update put it, at local midnight. An account stored before
// then has Opened at UTC midnight, and one whose zone changed since at another zone's
// midnight: the day is then Opened's date in UTC.
func openedDay(a *paceline.Account) string {
	if loc, err := paceline.LoadTimeZone(a.TimeZone); err == nil && isMidnight(a.Opened, loc) {
		return a.Opened.In(loc).Format(time.DateOnly)
	}
	return a.Opened.UTC().Format(time.DateOnly)
}

// openedAt is Opened as a time in the account's zone when it is no midnight there nor
// in UTC (the zone changed after --created), so the text says when warm-up counts from.
func openedAt(a *paceline.Account) (string, bool) {
	loc, err := paceline.LoadTimeZone(a.TimeZone)
	if err != nil || isMidnight(a.Opened, loc) || isMidnight(a.Opened, time.UTC) {
		return "", false
	}
	return a.Opened.In(loc).Format("2006-01-02 15:04 ") + a.TimeZone, true
}

// isMidnight reports whether t is the start of a day in loc.
func isMidnight(t time.Time, loc *time.Location) bool {
	d := t.In(loc)
	return d.Equal(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc))
}

// writeAccountChanges prints what accounts update changed in db and when it takes effect:
// a tick reads the account afresh, and the update brought the account's sleeping tick
// forward (woken); a paused account's settings apply when it resumes.
func writeAccountChanges(w io.Writer, db string, acc *paceline.Account, changes []accountChange, woken bool) error {
	if err := writeChangeTable(w, db, acc.Name, changes); err != nil {
		return err
	}
	fmt.Fprintln(w, "Its ledger is kept: the actions of the last 7 days count against the new settings.")
	if woken {
		_, err := fmt.Fprintf(w, "serve ticks %s at once with them (a tick running this instant finishes with the old ones and sleeps as they said).\n", acc.Name)
		return err
	}
	_, err := fmt.Fprintf(w, "%s is paused: the new settings apply when it resumes (paceline accounts resume %s).\n", acc.Name, acc.Name)
	return err
}

// writeChangeTable prints which settings of account name accounts update changed in db,
// old → new, one a row.
func writeChangeTable(w io.Writer, db, name string, changes []accountChange) error {
	fmt.Fprintf(w, "Updated account %s in %s:\n", name, db)
	tw := newTable(w)
	for _, c := range changes {
		fmt.Fprintf(tw, "  %s\t%s → %s\n", c.setting, c.old, c.new)
	}
	return tw.Flush()
}
