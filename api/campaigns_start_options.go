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

// StartOptions are the choices a campaign start takes besides the campaign: the body
// of POST /api/v1/campaigns/{name}/start, the dashboard's start form, and paceline
// campaigns start's flags of the same names. The zero value is a plain start.
type StartOptions struct {
	// SkipContactedDays, above 0, leaves out the leads any account reached out to (an
	// invite, a message, an InMail, an Open Profile message or an email that went
	// out, for another campaign or none) in that many last days (--skip-contacted).
	SkipContactedDays int `json:"skip_contacted_days,omitempty"`
	// IncludeContacted enrolls the leads an account not of the campaign reached out
	// to in the last ContactedWindow days, which a start refuses otherwise
	// (ContactedRefusal; --include-contacted).
	IncludeContacted bool `json:"include_contacted,omitempty"`
	// AllLeads confirms that a campaign without a list enrolls every lead of a
	// database of several lists, which a start refuses otherwise (--all-leads).
	AllLeads bool `json:"all_leads,omitempty"`
}

// MaxSkipContactedDays bounds SkipContactedDays: a hundred years of ledger, more than
// any database holds, and still a time both stores can compare.
const MaxSkipContactedDays = 36500

// Check refuses options a start cannot follow: days below 0 or beyond
// MaxSkipContactedDays, or both ways on from a ContactedRefusal at once (leave the
// leads out and enroll them). The fields are named as the API names them; paceline
// campaigns start names its flags.
func (o StartOptions) Check() error {
	switch {
	case o.SkipContactedDays < 0 || o.SkipContactedDays > MaxSkipContactedDays:
		return paceline.FieldErrorf("skip_contacted_days", "is %d: give a number of days from 1 to %d (the leads any account reached out to in that many last days are left out)",
			o.SkipContactedDays, MaxSkipContactedDays)
	case o.SkipContactedDays > 0 && o.IncludeContacted:
		return paceline.FieldErrorf("include_contacted", "cannot go with skip_contacted_days: give one, skip_contacted_days to leave out the leads contacted in the last days it gives, or include_contacted to enroll them")
	}
	return nil
}

// ContactedRefusal is a start refused before it enrolled anything because some of the
// leads it would enroll were reached out to in the last ContactedWindow days by
// accounts that are not the campaign's (another client's seat, in an agency's
// paceline): they would hear from a second LinkedIn account. The start used to enroll
// them and warn afterwards, when the user could only stop the campaign and start a
// copy of it. The user chooses instead: leave them out (SkipContactedDays) or enroll
// them (IncludeContacted). It is a conflict (409) whose details carry the counts; the
// leads this campaign's own accounts reached for another campaign are the same sender
// following up and are not refused.
type ContactedRefusal struct {
	// Campaign is the campaign's name and State the state it stays in.
	Campaign string
	State    paceline.CampaignState
	// ByAccount counts, by account not of the campaign, the leads it would have
	// enrolled that account reached out to (a lead under the latest such account).
	ByAccount map[string]int
	// CLI says the user typed paceline campaigns start: the ways on are its flags;
	// otherwise they are the API's body fields.
	CLI bool
}

// Leads returns how many leads the refusal holds back.
func (e *ContactedRefusal) Leads() int {
	n := 0
	for _, m := range e.ByAccount {
		n += m
	}
	return n
}

// Reason says what the start would have done and that nothing changed, without the
// ways on (the dashboard offers them as a form).
func (e *ContactedRefusal) Reason() string {
	n := e.Leads()
	var by []string
	for _, acct := range slices.Sorted(maps.Keys(e.ByAccount)) {
		by = append(by, fmt.Sprintf("%d by account %s", e.ByAccount[acct], acct))
	}
	return fmt.Sprintf("campaign %s would enroll %s that accounts not of this campaign contacted in the last %d days (%s): %s from a second LinkedIn account. Nothing was enrolled and the campaign stays %s.",
		e.Campaign, plural.Count(n, "lead"), ContactedWindow, strings.Join(by, ", "), plural.Verb(n, "it would hear", "they would hear"), e.State)
}

// Error is Reason with the ways on, as the CLI's flags or the API's fields.
func (e *ContactedRefusal) Error() string {
	if e.CLI {
		return e.Reason() + fmt.Sprintf(" To go on: leave them out with paceline campaigns start %s --skip-contacted DAYS (no lead any account reached out to in the last DAYS days is enrolled; %d leaves out all of these), or enroll them anyway with --include-contacted",
			shellword.Quote(e.Campaign), ContactedWindow)
	}
	return e.Reason() + fmt.Sprintf(` To go on: start it again with {"skip_contacted_days": DAYS} to leave out the leads any account reached out to in the last DAYS days (%d leaves out all of these), or with {"include_contacted": true} to enroll them anyway`,
		ContactedWindow)
}

// Unwrap is the refusal as a paceline conflict, for its code and its message.
func (e *ContactedRefusal) Unwrap() error {
	return &paceline.Error{Code: paceline.ECONFLICT, Message: e.Error()}
}

// ContactedRefusalDetails are the details of a ContactedRefusal's 409 answer.
type ContactedRefusalDetails struct {
	// Leads is how many leads were held back, ContactedByOtherAccounts the same by
	// account, and Days the window they were contacted in.
	Leads                    int            `json:"leads"`
	ContactedByOtherAccounts map[string]int `json:"contacted_by_other_accounts"`
	Days                     int            `json:"days"`
	// Options are the body fields that go on: skip_contacted_days, include_contacted.
	Options []string `json:"options"`
}

// Details returns the counts the API answers the refusal with.
func (e *ContactedRefusal) Details() ContactedRefusalDetails {
	return ContactedRefusalDetails{Leads: e.Leads(), ContactedByOtherAccounts: maps.Clone(e.ByAccount), Days: ContactedWindow,
		Options: []string{"skip_contacted_days", "include_contacted"}}
}
