package main

import (
	"fmt"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
)

// startHeadline is the first line a start prints: whether the campaign started,
// resumed (it was paused) or was active already, how many of its leads go on where
// they stopped (going: its running enrollments besides those this start made), and
// how many leads this start enrolled. A resume used to read "is active: 0 leads
// enrolled now", as if the campaign had nobody in it.
func startHeadline(c *paceline.Campaign, was paceline.CampaignState, going int, res enrolled) string {
	now := fmt.Sprintf("%s enrolled now.", plural.Count(res.added, "lead"))
	switch {
	case was == paceline.CampaignPaused && going == 0:
		return fmt.Sprintf("Campaign %s resumed (none of its leads was still running): %s", c.Name, now)
	case was == paceline.CampaignPaused:
		return fmt.Sprintf("Campaign %s resumed (%s on where %s stopped): %s", c.Name,
			plural.Count(going, "lead")+" "+plural.Verb(going, "goes", "go"), plural.Verb(going, "it", "they"), now)
	case was == paceline.CampaignActive && going > 0:
		return fmt.Sprintf("Campaign %s is active (%s running in it already): %s", c.Name, plural.Count(going, "lead"), now)
	}
	return fmt.Sprintf("Campaign %s is active: %s", c.Name, now)
}

// leftOut returns how many leads of the list the start did not enroll and that do
// not run in the campaign: every reason leftOutLines gives.
func (res enrolled) leftOut() int {
	return max(res.listed-res.added-res.inThis, res.counted())
}

// counted returns how many leads enrollList left out for a reason it counted; the
// store may skip others that another start enrolled meanwhile.
func (res enrolled) counted() int {
	n := res.replied + res.optedOut + res.noKey + res.ended
	for _, m := range res.inOther {
		n += m
	}
	return n
}

// leftOutLines says, one line per reason with its count, why leads of the campaign's
// list were not enrolled, and what enrolls them when something can. A start used to
// print "100 leads enrolled now" for a list of 150 and say nothing of the 50 running in
// another campaign. cli says whether the user typed the command (its flags are named).
func leftOutLines(c *paceline.Campaign, res enrolled, cli bool) []string {
	left := res.leftOut()
	if left == 0 {
		return nil
	}
	start := "paceline campaigns start " + shellword.Quote(c.Name)
	of := "" // a campaign without a list enrolls every lead
	if c.List != "" {
		of = " of list " + c.List
	}
	total := max(res.listed, left+res.added+res.inThis)
	lines := []string{fmt.Sprintf("%d of the %s%s %s not enrolled:", left, plural.Count(total, "lead"), of, plural.Verb(left, "was", "were"))}
	others := make([]string, 0, len(res.inOther))
	for name := range res.inOther {
		others = append(others, name)
	}
	slices.Sort(others)
	for _, name := range others {
		n := res.inOther[name]
		lines = append(lines, fmt.Sprintf("  %d already running in campaign %s (a lead runs in one campaign at a time: %s again enrolls %s once %s ended there)",
			n, name, start, plural.Verb(n, "it", "them"), plural.Verb(n, "it has", "they have")))
	}
	if res.replied > 0 {
		// Kept as it read before, for scripts that look for it.
		hint := "--include-replied enrolls " + plural.Verb(res.replied, "it", "them")
		if !cli {
			hint = start + " --include-replied enrolls " + plural.Verb(res.replied, "it", "them")
		}
		lines = append(lines, fmt.Sprintf("  %s who replied before %s not enrolled (%s)",
			plural.Count(res.replied, "lead"), plural.Verb(res.replied, "was", "were"), hint))
	}
	if res.optedOut > 0 {
		lines = append(lines, fmt.Sprintf("  %d opted out (never contacted again)", res.optedOut))
	}
	if res.noKey > 0 {
		lines = append(lines, fmt.Sprintf("  %d %s no profile URL, Sales Navigator URL or email, so no way to reach %s with these accounts (import %s again with one)",
			res.noKey, plural.Verb(res.noKey, "has", "have"), plural.Verb(res.noKey, "it", "them"), plural.Verb(res.noKey, "it", "them")))
	}
	if res.ended > 0 {
		lines = append(lines, fmt.Sprintf("  %d went through this campaign already (finished or stopped: a lead is enrolled in a campaign once)", res.ended))
	}
	if n := left - res.counted(); n > 0 {
		lines = append(lines, fmt.Sprintf("  %d enrolled meanwhile by another start (paceline campaigns start again says where)", n))
	}
	return lines
}
