package audit

import (
	"strings"
	"time"
)

// Rule names. They are stable: scripts, dashboards and tests match on them.
const (
	RuleWeeklyCap      = "weekly_cap"      // done actions of a kind in a rolling (t-7d, t] over the weekly cap
	RuleDailyCap       = "daily_cap"       // the same over (t-24h, t] where a daily hard cap is set
	RuleNoteQuota      = "note_quota"      // done invites with a note in a local calendar month over the quota
	RuleInMailCredits  = "inmail_credits"  // a done InMail with no credit left (a free account has none)
	RuleWorkingHours   = "working_hours"   // any attempt outside the account's working days and hours
	RuleMinGap         = "min_gap"         // two consecutive attempts of one account closer than its minimum gap
	RuleUnknownAccount = "unknown_account" // an action of an account the ledger does not describe
)

// Rules returns the rule names in the order summaries print them.
func Rules() []string {
	return []string{RuleWeeklyCap, RuleDailyCap, RuleNoteQuota, RuleInMailCredits, RuleWorkingHours, RuleMinGap, RuleUnknownAccount}
}

// Finding rule names: what the audit found of an account's limits rather than of an
// action (Ledger.HoldToLinkedIn).
const (
	RuleCapAboveLinkedIn = "cap_above_linkedin" // a cap above LinkedIn's limit for the type: checked against the limit
	RuleCapFromPreset    = "cap_from_preset"    // a cap the ledger does not give: checked against the type's preset
)

// Finding is something the audit found of one account's limits, and what it did about
// it: Kind is the kind the limit bounds (invite for the note quota), What names the
// limit.
type Finding struct {
	Rule    string `json:"rule"`
	Account string `json:"account"`
	Kind    string `json:"kind"`
	What    string `json:"what"`
	Message string `json:"message"`
}

// Violation is one breach of the pacing contract, tied to the action that caused it.
type Violation struct {
	Rule    string    `json:"rule"`
	Account string    `json:"account"`
	Kind    string    `json:"kind"`
	At      time.Time `json:"at"`
	Message string    `json:"message"`
}

// Report is the auditor's verdict: every violation, sorted by time then account.
// Violations is len(Details), kept as its own field because scripts read the count.
type Report struct {
	Violations int         `json:"violations"`
	Details    []Violation `json:"details"`
	// Findings are the caps the audit did not take as the ledger gave them (missing,
	// or above LinkedIn's limit), by account.
	Findings []Finding `json:"findings,omitempty"`
	// Unchecked says, one sentence each, what the audit could not check for want of
	// what the ledger holds, so that "no violations" is not read as more than it is.
	Unchecked []string `json:"unchecked,omitempty"`
}

// CountByRule returns how many violations each rule has, with every rule present.
func (r Report) CountByRule() map[string]int {
	counts := make(map[string]int, len(Rules()))
	for _, rule := range Rules() {
		counts[rule] = 0
	}
	for _, v := range r.Details {
		counts[v.Rule]++
	}
	return counts
}

func compareViolations(a, b Violation) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return strings.Compare(a.Account, b.Account)
}
