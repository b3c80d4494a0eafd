package linkedinexport

import "fmt"

// Unmatched is a row of the archive that gave no event, and why: an unknown person, no
// profile URL, a date that does not parse, a message that is not a reply ...
type Unmatched struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Cause  Cause  `json:"cause"`
	Reason string `json:"reason"`
}

// String formats the row as "file line N: reason".
func (u Unmatched) String() string { return fmt.Sprintf("%s line %d: %s", u.File, u.Line, u.Reason) }

// Cause sorts Unmatched rows into kinds, so a report can sum up thousands of rows
// ("4,120 rows about people paceline does not know") before listing them.
type Cause string

// The causes.
const (
	CauseUnknownLead   Cause = "unknown_lead"        // the person is not a lead paceline knows
	CauseNoProfileURL  Cause = "no_profile_url"      // the row has no profile URL (deleted members, system messages)
	CauseBadProfileURL Cause = "bad_profile_url"     // the URL is not a profile URL
	CauseBadDate       Cause = "bad_date"            // the date does not parse
	CauseBadRow        Cause = "bad_row"             // another value does not read (a direction ...)
	CauseIncoming      Cause = "incoming_invitation" // an invitation to the owner, not from them
	CauseDraft         Cause = "draft"               // a message draft, never sent
	CauseNotReply      Cause = "not_a_reply"         // a lead's message before any contact from us
	CauseNotAccepted   Cause = "not_an_acceptance"   // no longer given: such a connection is an EventConnected event
	CauseNoLeadTo      Cause = "no_known_recipient"  // our message to people paceline does not know
	CauseDuplicate     Cause = "duplicate"           // a row repeating an earlier one
)

// CountByCause sums unmatched rows by cause.
func CountByCause(us []Unmatched) map[Cause]int {
	m := map[Cause]int{}
	for _, u := range us {
		m[u.Cause]++
	}
	return m
}
