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

// LeftOutReason is why a start did not enroll a lead of the campaign's list: a key of
// StartReport.LeftOut.
type LeftOutReason string

// The reasons a start leaves a lead of the list out, in the order they are told.
const (
	// LeftRunningElsewhere: the lead runs in another campaign (a lead runs in one at a
	// time); StartReport.OtherCampaigns says which.
	LeftRunningElsewhere LeftOutReason = "running_in_another_campaign"
	// LeftRepliedBefore: the lead replied to an account before, and the start did not
	// ask to enroll those (--include-replied).
	LeftRepliedBefore LeftOutReason = "replied_before"
	// LeftBouncedBefore: an email to the lead's address bounced before (a bounced
	// event), the campaign's sequence would email it again, and the start did not ask
	// to enroll those (--include-bounced).
	LeftBouncedBefore LeftOutReason = "bounced_before"
	// LeftOptedOut: the lead opted out; it is never contacted again.
	LeftOptedOut LeftOutReason = "opted_out"
	// LeftUnreachable: the lead has no profile URL, Sales Navigator URL or email.
	LeftUnreachable LeftOutReason = "no_way_to_reach"
	// LeftWentThrough: the lead finished or stopped in this campaign already (a lead is
	// enrolled in a campaign once).
	LeftWentThrough LeftOutReason = "went_through_already"
	// LeftEnrolledMeanwhile: another start enrolled the lead while this one ran.
	LeftEnrolledMeanwhile LeftOutReason = "enrolled_meanwhile"
	// LeftContactedRecently: an account reached out to the lead (for another campaign
	// or none) within the days paceline campaigns start --skip-contacted gave.
	LeftContactedRecently LeftOutReason = "contacted_recently"
	// LeftNoList: the lead is new to a campaign without a list that was started
	// before, in a database of several lists: its resume (or start again) goes on
	// with its own leads and enrolls a new one only when asked to (--all-leads).
	LeftNoList LeftOutReason = "no_list"
)

// leftOutReasons are the reasons in the order LeftOutLines tells them.
var leftOutReasons = []LeftOutReason{LeftRunningElsewhere, LeftRepliedBefore, LeftBouncedBefore, LeftOptedOut,
	LeftUnreachable, LeftWentThrough, LeftContactedRecently, LeftNoList, LeftEnrolledMeanwhile}

// ContactedWindow is how far back a start looks for the leads it enrolls that an
// account reached out to before (limits.History, the ledger a Pacer reads): 100 days.
const ContactedWindow = 100

// StartReport is what a campaign start did, as paceline campaigns start prints it and
// POST /api/v1/campaigns/{name}/start and the dashboard's Start button say it: the
// leads it enrolled, whether it resumed a paused campaign and how many of its leads go
// on where they stopped, and why it left each other lead of the list out. Made by
// StartCount.Report.
type StartReport struct {
	// Enrolled is how many leads this start enrolled: 0 when they all run already, in
	// the campaign or in another one.
	Enrolled int `json:"enrolled"`
	// Resumed says the campaign was paused; GoingOn counts its running leads besides
	// those this start enrolled.
	Resumed bool `json:"resumed"`
	GoingOn int  `json:"going_on"`
	// Listed is how many leads the campaign's list holds (every lead, without a list).
	Listed int `json:"listed"`
	// LeftOut counts the leads of the list the start did not enroll and that do not
	// run in the campaign, by reason: every reason is there, 0 when none applies.
	LeftOut map[LeftOutReason]int `json:"left_out"`
	// OtherCampaigns counts the leads left out because they run in another campaign,
	// by that campaign's name (LeftOut's running_in_another_campaign is their sum).
	OtherCampaigns map[string]int `json:"other_campaigns"`
	// ContactedBefore counts, by campaign, the leads this start enrolled that the
	// campaign's accounts reached out to for that other campaign in the last 100 days
	// (an invite, a message, an InMail or an email that went out): they get this
	// campaign's steps too.
	ContactedBefore map[string]int `json:"contacted_before"`
	// ContactedByOtherAccounts counts, by account, the leads this start enrolled that
	// an account not of this campaign reached out to in the last 100 days, for any
	// campaign or none (a lead under the latest such account): they now hear from a
	// second account. A lead may count in ContactedBefore too.
	ContactedByOtherAccounts map[string]int `json:"contacted_by_other_accounts"`
}

// normalized returns r with every reason in LeftOut and OtherCampaigns not nil, so
// that a client reads the same fields from every start.
func (r StartReport) normalized() StartReport {
	left := make(map[LeftOutReason]int, len(leftOutReasons))
	for _, why := range leftOutReasons {
		left[why] = r.LeftOut[why]
	}
	r.LeftOut = left
	if r.OtherCampaigns == nil {
		r.OtherCampaigns = map[string]int{}
	}
	if r.ContactedBefore == nil {
		r.ContactedBefore = map[string]int{}
	}
	if r.ContactedByOtherAccounts == nil {
		r.ContactedByOtherAccounts = map[string]int{}
	}
	return r
}

// ContactedLines is ContactedNotes then OtherAccountsWarning: what the dashboard's
// start says of the leads it enrolled that were contacted before.
func (r StartReport) ContactedLines() []string {
	return append(r.ContactedNotes(), r.OtherAccountsWarning()...)
}

// ContactedNotes says, one line per other campaign, how many of the leads the start
// enrolled this campaign's accounts reached out to for that campaign before; nil when
// none. They are enrolled (a follow-up campaign to the same people is a choice), but
// a user who stopped a campaign to start a corrected one learns here that its leads
// hear from them twice.
func (r StartReport) ContactedNotes() []string {
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(r.ContactedBefore)) {
		n := r.ContactedBefore[name]
		lines = append(lines, fmt.Sprintf("Note: %s enrolled now %s contacted before by this campaign's accounts for campaign %s: %s this campaign's steps too (a connection is messaged, not invited again).",
			plural.Count(n, "lead"), plural.Verb(n, "was", "were"), name, plural.Verb(n, "it gets", "they get")))
	}
	return lines
}

// OtherAccountsWarning says how many of the leads the start enrolled an account not of
// this campaign reached out to in the last 100 days, by account; nil when none. An
// agency runs one LinkedIn seat per client: a person another client's seat had
// invited eleven days before was enrolled, and the start said nothing, since it
// looked only at the campaign's own accounts. A start with such leads is now refused
// before it enrolls anything (ContactedRefusal); they are enrolled only when the user
// chose to (StartOptions.IncludeContacted, or SkipContactedDays fewer than the days
// since their contact), and this line still says how many hear from a second account.
func (r StartReport) OtherAccountsWarning() []string {
	total := 0
	var by []string
	for _, acct := range slices.Sorted(maps.Keys(r.ContactedByOtherAccounts)) {
		n := r.ContactedByOtherAccounts[acct]
		total += n
		by = append(by, fmt.Sprintf("%d by account %s", n, acct))
	}
	if total == 0 {
		return nil
	}
	return []string{
		fmt.Sprintf("Warning: %s enrolled now %s contacted in the last %d days by accounts that are not this campaign's (%s): %s from a second LinkedIn account now.",
			plural.Count(total, "lead"), plural.Verb(total, "was", "were"), ContactedWindow, strings.Join(by, ", "), plural.Verb(total, "it hears", "they hear")),
	}
}

// leftOut returns how many leads of the list the start left out, for every reason.
func (r StartReport) leftOut() int {
	n := 0
	for _, m := range r.LeftOut {
		n += m
	}
	return n
}

// Headline is the first thing a start says: whether campaign name started, resumed
// or was active already, how many of its leads go on where they stopped, and how
// many leads the start enrolled. A resume used to read "is active: 0 leads enrolled
// now", as if the campaign had nobody in it.
func (r StartReport) Headline(name string) string {
	now := fmt.Sprintf("%s enrolled now.", plural.Count(r.Enrolled, "lead"))
	switch {
	case r.Resumed && r.GoingOn == 0:
		return fmt.Sprintf("Campaign %s resumed (none of its leads was still running): %s", name, now)
	case r.Resumed:
		return fmt.Sprintf("Campaign %s resumed (%s on where %s stopped): %s", name,
			plural.Count(r.GoingOn, "lead")+" "+plural.Verb(r.GoingOn, "goes", "go"), plural.Verb(r.GoingOn, "it", "they"), now)
	case r.GoingOn > 0:
		return fmt.Sprintf("Campaign %s is active (%s running in it already): %s", name, plural.Count(r.GoingOn, "lead"), now)
	}
	return fmt.Sprintf("Campaign %s is active: %s", name, now)
}

// LeftOutLines says, one line per reason with its count, why leads of campaign c's
// list were not enrolled, and what enrolls them when something can; nil when the
// start left nobody out. A start used to print "100 leads enrolled now" for a list of
// 150 and say nothing of the 50 running in another campaign. cli says whether the
// user typed the command (its flags are named) or used the API or the dashboard.
func (r StartReport) LeftOutLines(c *paceline.Campaign, cli bool) []string {
	left := r.leftOut()
	if left == 0 {
		return nil
	}
	start := "paceline campaigns start " + shellword.Quote(c.Name)
	of := "" // a campaign without a list enrolls every lead
	if c.List != "" {
		of = " of list " + c.List
	}
	total := max(r.Listed, left+r.Enrolled)
	lines := []string{fmt.Sprintf("%d of the %s%s %s not enrolled:", left, plural.Count(total, "lead"), of, plural.Verb(left, "was", "were"))}
	others := make([]string, 0, len(r.OtherCampaigns))
	for name := range r.OtherCampaigns {
		others = append(others, name)
	}
	slices.Sort(others)
	for _, name := range others {
		n := r.OtherCampaigns[name]
		lines = append(lines, fmt.Sprintf("  %d already running in campaign %s (a lead runs in one campaign at a time: %s again enrolls %s once %s ended there; paceline campaigns stop %s ends that campaign)",
			n, name, start, plural.Verb(n, "it", "them"), plural.Verb(n, "it has", "they have"), shellword.Quote(name)))
	}
	if n := r.LeftOut[LeftRepliedBefore]; n > 0 {
		// Kept as it read before, for scripts that look for it.
		hint := "--include-replied enrolls " + plural.Verb(n, "it", "them")
		if !cli {
			hint = start + " " + hint
		}
		lines = append(lines, fmt.Sprintf("  %s who replied before %s not enrolled (%s)",
			plural.Count(n, "lead"), plural.Verb(n, "was", "were"), hint))
	}
	if n := r.LeftOut[LeftBouncedBefore]; n > 0 {
		hint := "--include-bounced enrolls " + plural.Verb(n, "it", "them")
		if !cli {
			hint = start + " " + hint
		}
		lines = append(lines, fmt.Sprintf("  %s email address bounced before (not emailed again at a dead address; %s)",
			bouncedLeads(n), hint))
	}
	if n := r.LeftOut[LeftOptedOut]; n > 0 {
		lines = append(lines, fmt.Sprintf("  %d opted out (never contacted again)", n))
	}
	if n := r.LeftOut[LeftUnreachable]; n > 0 {
		lines = append(lines, fmt.Sprintf("  %d %s no profile URL, Sales Navigator URL or email, so no way to reach %s with these accounts (import %s again with one)",
			n, plural.Verb(n, "has", "have"), plural.Verb(n, "it", "them"), plural.Verb(n, "it", "them")))
	}
	if n := r.LeftOut[LeftWentThrough]; n > 0 {
		lines = append(lines, fmt.Sprintf("  %d went through this campaign already (finished or stopped: a lead is enrolled in a campaign once)", n))
	}
	if n := r.LeftOut[LeftContactedRecently]; n > 0 {
		lines = append(lines, fmt.Sprintf("  %d contacted by an account within the days --skip-contacted gave (left out as asked)", n))
	}
	if n := r.LeftOut[LeftNoList]; n > 0 {
		hint := "--all-leads enrolls every lead"
		if !cli {
			hint = start + ` --all-leads (the API: {"all_leads": true}) enrolls every lead`
		}
		lines = append(lines, fmt.Sprintf("  %s %s not enrolled: the campaign has no list; %s (of every list)",
			plural.Count(n, "new lead"), plural.Verb(n, "was", "were"), hint))
	}
	if n := r.LeftOut[LeftEnrolledMeanwhile]; n > 0 {
		lines = append(lines, fmt.Sprintf("  %d enrolled meanwhile by another start (paceline campaigns start again says where)", n))
	}
	return lines
}

// bouncedLeads says n leads whose email bounced, as "1 lead's" or "2 leads'".
func bouncedLeads(n int) string {
	if n == 1 {
		return "1 lead's"
	}
	return fmt.Sprintf("%d leads'", n)
}
