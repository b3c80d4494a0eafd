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
	RuleWorkingHours   = "working_hours"   // any attempt outside the account's working days and hours
	RuleMinGap         = "min_gap"         // two consecutive attempts of one account closer than its minimum gap
	RuleUnknownAccount = "unknown_account" // an action of an account the ledger does not describe
)

// Rules returns the rule names in the order summaries print them.
func Rules() []string {
	return []string{RuleWeeklyCap, RuleDailyCap, RuleNoteQuota, RuleWorkingHours, RuleMinGap, RuleUnknownAccount}
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
