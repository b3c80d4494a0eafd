package main

import (
	"context"
	"fmt"
	"io"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
)

// everyLeadWarning says, for campaign c, which has no list and so enrolls every lead
// in the database (as documented: "empty: every lead"), how many leads that is, when
// the database keeps leads on lists (names): the user then most likely forgot --list.
// An agency with one list per client created a campaign for one client without --list,
// and its start enrolled every client's leads without a word. leads is how many leads
// "every lead" is; started says whether the start is done (campaigns start's warning)
// or to come (create's, edit's and validate's). With several lists the start is
// refused unless --all-leads (refuseEveryLead), and the warning to come says so. It is
// "" when there is nothing to say.
func everyLeadWarning(c *paceline.Campaign, names []string, leads int, started bool) string {
	if c.List != "" || len(names) == 0 {
		return ""
	}
	lists := quoteNames(names[:min(len(names), maxNamedLists)])
	if len(names) > maxNamedLists {
		lists += fmt.Sprintf(" and %d more", len(names)-maxNamedLists)
	}
	name := "the campaign"
	if c.Name != "" {
		name = "campaign " + c.Name
	}
	if started {
		return fmt.Sprintf("Warning: %s has no list, so its start took its leads from every lead in the database (%s, on any list or none), not from one of the lists %s; a campaign created with --list NAME enrolls only that list's leads.",
			name, plural.Count(leads, "lead"), lists)
	}
	fix := "give it one with --list NAME"
	if c.Name != "" {
		fix = "give it one before start with paceline campaigns edit " + shellword.Quote(c.Name) + " --list NAME"
	}
	if len(names) > 1 {
		// refuseEveryLead's rule: the start is refused unless confirmed.
		return fmt.Sprintf("Warning: %s has no list, so start will refuse to enroll every lead in the database (%s, from all the lists %s at once) unless given --%s; %s.",
			name, plural.Count(leads, "lead"), lists, allLeadsFlag, fix)
	}
	return fmt.Sprintf("Warning: %s has no list, so start will enroll every lead in the database (%s, on any list or none), not only one of the lists %s; %s.",
		name, plural.Count(leads, "lead"), lists, fix)
}

// listNamesOf returns the names of st's lists; none when st does not name them.
func listNamesOf(ctx context.Context, st any) ([]string, error) {
	ln, ok := st.(listNamer)
	if !ok {
		return nil, nil
	}
	return ln.ListNames(ctx)
}

// warnEveryLead prints everyLeadWarning on w for campaign c before its start, with
// every stored lead counted, opted-out ones too, as the start counts the leads it looks
// at (api.StartCount.Listed). Nothing is counted for a campaign with a list or a
// database without lists.
func warnEveryLead(ctx context.Context, w io.Writer, st leadStore, c *paceline.Campaign) error {
	if c.List != "" {
		return nil
	}
	names, err := listNamesOf(ctx, st)
	if err != nil || len(names) == 0 {
		return err
	}
	n, err := st.CountLeads(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, everyLeadWarning(c, names, n, false))
	return err
}

// warnStartedOnEveryLead prints everyLeadWarning on w after campaign c started,
// with the leads the start counted (api.StartCount.Listed).
func warnStartedOnEveryLead(ctx context.Context, w io.Writer, st leadStore, c *paceline.Campaign, listed int) error {
	if c.List != "" {
		return nil
	}
	names, err := listNamesOf(ctx, st)
	if err != nil || len(names) == 0 {
		return err
	}
	_, err = fmt.Fprintln(w, everyLeadWarning(c, names, listed, true))
	return err
}
