package api

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
)

// StartCount tallies the leads of a campaign's list as a start goes through them,
// every lead under one field. paceline campaigns start, the API's start and the
// dashboard's fill one and say what it counted through Report and RefuseEmpty, so the
// three say the same; the API and the dashboard used to say only how many were
// enrolled.
type StartCount struct {
	// Listed counts the leads of the list; Enrolled those the start enrolled.
	Listed, Enrolled int
	// Replied, OptedOut and Unreachable count the leads left out because they replied
	// before, opted out, or have no key to be reached by.
	Replied, OptedOut, Unreachable int
	// Bounced counts the leads left out because their email address bounced before
	// and the campaign's sequence would email them.
	Bounced int
	// Running counts the leads running in this campaign already (a resume, or a start
	// again), WentThrough those that went through it (finished or stopped: a lead is
	// enrolled in a campaign once), Elsewhere, by campaign, the leads left out because
	// they run in another one.
	Running, WentThrough int
	Elsewhere            map[string]int
	// ContactedElsewhere counts, by campaign, the leads the start enrolled that the
	// campaign's accounts reached out to for another campaign before (Contacted).
	ContactedElsewhere map[string]int
	// ContactedByOthers counts, by account, the leads the start enrolled that an
	// account not of the campaign reached out to before, for any campaign or none
	// (ContactedBy): another client's seat, in an agency's paceline. A lead counts
	// under the latest such account, and may count in ContactedElsewhere too.
	ContactedByOthers map[string]int
	// SkippedContacted counts the leads left out because an account reached out to
	// them within the days campaigns start --skip-contacted gave.
	SkippedContacted int
	// NoList counts the leads new to a campaign without a list, in a database of
	// several lists, that its resume (or start again) did not enroll: only an
	// all_leads start (--all-leads) enrolls them (LeftNoList).
	NoList int
}

// ContactedBy counts an enrolled lead that account, not one of the campaign's,
// reached out to before.
func (n *StartCount) ContactedBy(account string) {
	if n.ContactedByOthers == nil {
		n.ContactedByOthers = map[string]int{}
	}
	n.ContactedByOthers[account]++
}

// Contacted counts an enrolled lead that campaign other reached out to before.
func (n *StartCount) Contacted(other string) {
	if n.ContactedElsewhere == nil {
		n.ContactedElsewhere = map[string]int{}
	}
	n.ContactedElsewhere[other]++
}

// Named counts a lead an enrollment already names, by runsIn, the campaign it runs
// in: campaign itself, another one, or none ("": it went through campaign).
func (n *StartCount) Named(runsIn, campaign string) {
	switch runsIn {
	case campaign:
		n.Running++
	case "":
		n.WentThrough++
	default:
		if n.Elsewhere == nil {
			n.Elsewhere = map[string]int{}
		}
		n.Elsewhere[runsIn]++
	}
}

// counted returns how many leads the start left out for a reason it counted; the
// store may skip others that another start enrolled meanwhile.
func (n StartCount) counted() int {
	c := n.Replied + n.Bounced + n.OptedOut + n.Unreachable + n.WentThrough + n.SkippedContacted + n.NoList
	for _, m := range n.Elsewhere {
		c += m
	}
	return c
}

// Report says what the start counted: was is the campaign's state before it, goingOn
// how many of its leads run besides those the start enrolled.
func (n StartCount) Report(was paceline.CampaignState, goingOn int) StartReport {
	left := max(n.Listed-n.Enrolled-n.Running, n.counted())
	elsewhere := 0
	for _, m := range n.Elsewhere {
		elsewhere += m
	}
	r := StartReport{Enrolled: n.Enrolled, Resumed: was == paceline.CampaignPaused, GoingOn: max(goingOn, 0),
		Listed: max(n.Listed, left+n.Enrolled+n.Running), OtherCampaigns: maps.Clone(n.Elsewhere),
		ContactedBefore: maps.Clone(n.ContactedElsewhere), ContactedByOtherAccounts: maps.Clone(n.ContactedByOthers),
		LeftOut: map[LeftOutReason]int{LeftRunningElsewhere: elsewhere, LeftRepliedBefore: n.Replied, LeftBouncedBefore: n.Bounced,
			LeftOptedOut: n.OptedOut, LeftUnreachable: n.Unreachable, LeftWentThrough: n.WentThrough,
			LeftContactedRecently: n.SkippedContacted, LeftNoList: n.NoList, LeftEnrolledMeanwhile: left - n.counted()}}
	return r.normalized()
}

// RefuseEmpty refuses a start that enrolled no lead into campaign c, which has none
// yet, saying why each lead of the list was left out and what to do; nil when the
// start enrolled someone, or when the campaign already holds leads (a resume, or a
// start again that found nothing new). A refused start must leave the campaign as it
// was: a lead imported later is enrolled only by a later start, so an active campaign
// with nobody in it would send nothing and read as working. cli says whether the user
// typed the command (its flags are named) or used the API or the dashboard.
func (n StartCount) RefuseEmpty(c *paceline.Campaign, cli bool) error {
	if n.Enrolled > 0 || n.Running > 0 || n.WentThrough > 0 {
		return nil
	}
	// A campaign without a list takes every lead of the database: it used to be told
	// of as list "", with an import hint of --list '' that names no list.
	source, into, those := fmt.Sprintf("list %q", c.List), "into it ", "into the list "
	importHint := "paceline leads import FILE --list " + shellword.Quote(c.List)
	if c.List == "" {
		source, into, those = "the database", "", ""
		importHint = "paceline leads import FILE"
	}
	if !cli {
		importHint += ", or the Leads page"
	}
	start := "paceline campaigns start " + shellword.Quote(c.Name)
	left := n.counted()
	if left == 0 {
		if c.List == "" {
			return paceline.Errorf(paceline.EINVALID,
				"the database has no lead to enroll in campaign %s (it has no list, so it takes every lead): import some first (%s), then start campaign %s again", c.Name, importHint, c.Name)
		}
		return paceline.Errorf(paceline.EINVALID,
			"%s has no lead to enroll: import some %sfirst (%s), then start campaign %s again", source, into, importHint, c.Name)
	}
	var why, todo []string
	if n.OptedOut > 0 {
		why = append(why, fmt.Sprintf("%d opted out", n.OptedOut))
	}
	others := slices.Sorted(maps.Keys(n.Elsewhere))
	for _, name := range others {
		why = append(why, fmt.Sprintf("%d already running in campaign %s", n.Elsewhere[name], name))
	}
	if len(others) > 0 {
		todo = append(todo, fmt.Sprintf("a lead runs in one campaign at a time: one running in another campaign can be enrolled by starting %s again once its enrollment there has ended (a paused campaign still holds its leads: %s ends it for good and frees them)", c.Name, stopHint(others)))
	}
	if n.Replied > 0 {
		why = append(why, fmt.Sprintf("%d replied before", n.Replied))
		if cli {
			todo = append(todo, "start with --include-replied to enroll those who replied anyway")
		} else {
			todo = append(todo, fmt.Sprintf("%s --include-replied enrolls those who replied anyway", start))
		}
	}
	if n.Bounced > 0 {
		why = append(why, fmt.Sprintf("%s email address bounced before", bouncedLeads(n.Bounced)))
		if cli {
			todo = append(todo, "start with --include-bounced to enroll those whose address bounced anyway (a bounce stays on the lead after its address is changed, so this enrolls every one of them)")
		} else {
			todo = append(todo, fmt.Sprintf("%s --include-bounced enrolls those whose address bounced anyway", start))
		}
	}
	if n.Unreachable > 0 {
		why = append(why, fmt.Sprintf("%d %s no profile URL, Sales Navigator URL or email", n.Unreachable, plural.Verb(n.Unreachable, "has", "have")))
	}
	if n.SkippedContacted > 0 {
		// Only paceline campaigns start leaves them out (--skip-contacted).
		why = append(why, fmt.Sprintf("%d contacted by an account within the days --skip-contacted gave", n.SkippedContacted))
		todo = append(todo, "start without --skip-contacted, or with fewer days, to enroll those contacted before")
	}
	if n.NoList > 0 {
		why = append(why, fmt.Sprintf("%d new to it (a campaign without a list started before enrolls a new lead only when asked, in a database of several lists)", n.NoList))
		if cli {
			todo = append(todo, "start with --all-leads to enroll every lead of every list")
		} else {
			todo = append(todo, fmt.Sprintf(`%s --all-leads (the API: {"all_leads": true}) enrolls every lead of every list`, start))
		}
	}
	todo = append(todo, fmt.Sprintf("import other leads %s(%s) and start again", those, importHint))
	every := ""
	if c.List == "" {
		every = " (it has no list, so it takes every lead)"
	}
	return paceline.Errorf(paceline.EINVALID,
		"%s has no lead to enroll in campaign %s%s: of its %s, %s. Nothing was enrolled and the campaign stays %s. To go on: %s",
		source, c.Name, every, plural.Count(left, "lead"), strings.Join(why, ", "), c.State, strings.Join(todo, "; "))
}

// stopHint is the command that ends the campaign named, or one of those named, for
// good: a start refused for leads running elsewhere names it.
func stopHint(names []string) string {
	if len(names) == 1 {
		return "paceline campaigns stop " + shellword.Quote(names[0])
	}
	return "paceline campaigns stop NAME"
}
