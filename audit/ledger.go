package audit

import (
	"time"

	"github.com/paceline/paceline"
)

// Ledger is what the auditor checks: the accounts with the limits they must keep and the
// actions they took. Tests build one in memory; ReadDir reads one from disk.
type Ledger struct {
	Accounts []Account
	Actions  []paceline.Action
	// DailyCapsListed says that the accounts carry their daily caps: ReadDir sets it
	// when accounts.csv has a daily_<kind>_cap column, which WriteDir always writes
	// (empty where no daily cap is set). A ledger written before that lists none,
	// which does not mean "no daily cap": its reader may fill DailyCaps in from what it
	// knows of the account type (paceline audit takes the type's preset). Check does
	// not read it.
	DailyCapsListed bool
	// HoldToLinkedIn holds every account to LinkedIn's own limits on its type
	// (LinkedIn) as well as to its caps: a weekly invite or message cap, or a free
	// account's note quota, that is missing is the type's figure and one above it is
	// checked against it (Report.Findings says which); and every account's done
	// InMails are checked against its credits (InMail, else the type's). ReadDir sets
	// it. Without it an account is held to its own caps only, as a property test of
	// the Pacer with caps of any size wants.
	HoldToLinkedIn bool
	// InMail is the InMail credits of accounts by name. An account absent from it has
	// the credits of its type when HoldToLinkedIn is set and its InMails unchecked
	// otherwise. It lives here rather than in Account, whose printed form the
	// simulator's golden digests hash.
	InMail map[string]Credits
	// InMailKnown is the InMail balance known of accounts by name, where their
	// credits start from (Balance); an account absent from it starts from a full
	// rollover bank at its first InMail. Only InMails checked against credits use it.
	InMailKnown map[string]Balance
	// InMailRefunds lists, by account name, the instants at which an answer gave an
	// InMail's credit back (in any order). Nil says the ledger holds no answers, and
	// Report.Unchecked says refunds were not counted; an account absent from a non-nil
	// map had none.
	InMailRefunds map[string][]time.Time
}

// Account is one sending seat as the auditor sees it: only what the contract's points
// 1-4 need, with the time zone already loaded. The zero value of a field is meaningful
// (a nil Location is UTC, a zero NoteQuotaMonthly allows no notes), so a test sets every
// field it cares about.
type Account struct {
	Name     string
	Type     paceline.AccountType
	Location *time.Location // nil means UTC
	Hours    paceline.WorkingHours
	Days     paceline.WorkingDays
	MinGap   time.Duration

	// WeeklyCaps bounds done actions per kind in any rolling (t-7d, t]; DailyCaps in any
	// (t-24h, t]. A kind absent from the map is uncapped, unless Ledger.HoldToLinkedIn
	// gives it LinkedIn's limit; a cap of 0 forbids the kind.
	WeeklyCaps map[paceline.ActionKind]int
	DailyCaps  map[paceline.ActionKind]int
	// NoteQuotaMonthly bounds done invites with a personal note per calendar month in
	// the account's time zone; a negative value means no quota (a free account's
	// LinkedIn quota under Ledger.HoldToLinkedIn).
	NoteQuotaMonthly int
}

// location returns the account's time zone, UTC when none is set.
func (a *Account) location() *time.Location {
	if a.Location == nil {
		return time.UTC
	}
	return a.Location
}
