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
	// (t-24h, t]. A kind absent from the map is uncapped; a cap of 0 forbids the kind.
	WeeklyCaps map[paceline.ActionKind]int
	DailyCaps  map[paceline.ActionKind]int
	// NoteQuotaMonthly bounds done invites with a personal note per calendar month in
	// the account's time zone; a negative value means no quota.
	NoteQuotaMonthly int
}

// location returns the account's time zone, UTC when none is set.
func (a *Account) location() *time.Location {
	if a.Location == nil {
		return time.UTC
	}
	return a.Location
}
