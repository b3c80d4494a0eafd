package audit

import "github.com/paceline/paceline"

// Limits is what LinkedIn itself allows one account type (docs/limits.md, "The
// presets"): beyond it LinkedIn restricts the seat or refuses the action, whatever the
// account's own caps say. The auditor keeps its own copy of these figures rather than
// reading package limits' presets, so that a wrong preset cannot hide from it; a test
// holds the two to the same numbers.
type Limits struct {
	// Weekly bounds the done actions of a kind in any rolling 7 days: invites and
	// messages. LinkedIn publishes no figure for the other kinds.
	Weekly map[paceline.ActionKind]int
	// InMail is the type's InMail credits; a free account has none.
	InMail Credits
	// NoteQuotaMonthly bounds the done invites with a personal note in a calendar
	// month; -1 where LinkedIn counts them only against the invites (paid accounts).
	NoteQuotaMonthly int
}

// Credits are an account's InMail credits: Monthly are added at the start of every
// calendar month in the account's time zone, the balance never going above
// RolloverCap, and each done InMail spends one. In Ledger.InMail a negative field
// means the ledger does not give it, and the type's figure applies.
type Credits struct {
	Monthly     int `json:"monthly"`
	RolloverCap int `json:"rollover_cap"`
}

// LinkedIn returns LinkedIn's limits on an account type, and false for a mailbox
// (paceline.TypeEmail), which is no LinkedIn seat, and for a type this build does not
// know.
func LinkedIn(t paceline.AccountType) (Limits, bool) {
	limits := func(invites, messages, monthly, rollover, notes int) Limits {
		return Limits{
			Weekly:           map[paceline.ActionKind]int{paceline.KindInvite: invites, paceline.KindMessage: messages},
			InMail:           Credits{Monthly: monthly, RolloverCap: rollover},
			NoteQuotaMonthly: notes,
		}
	}
	switch t {
	case paceline.TypeFree:
		return limits(100, 100, 0, 0, 5), true
	case paceline.TypePremiumCareer:
		return limits(100, 150, 5, 15, -1), true
	case paceline.TypePremiumBusiness:
		return limits(100, 150, 15, 45, -1), true
	case paceline.TypeSalesNavigator:
		return limits(200, 150, 50, 150, -1), true
	case paceline.TypeRecruiterLite:
		return limits(100, 150, 30, 120, -1), true
	}
	return Limits{}, false
}

// isLinkedIn reports whether LinkedIn has limits for account type t, as LinkedIn's
// second result does, without building them: the audit asks for every account of
// every ledger, and a simulation audits every run.
func isLinkedIn(t paceline.AccountType) bool {
	switch t {
	case paceline.TypeFree, paceline.TypePremiumCareer, paceline.TypePremiumBusiness, paceline.TypeSalesNavigator, paceline.TypeRecruiterLite:
		return true
	}
	return false
}
