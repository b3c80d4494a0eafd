package audit

import (
	"slices"
	"time"
)

// Balance is an account's InMail balance as LinkedIn showed it at an instant (accounts
// update --inmail-credits, or the credits a type change starts from). The auditor
// starts the account's credits there: the InMails done after At spend from Credits,
// and the monthly grants of the calendar months after At's are added up to the
// rollover cap; the InMails done up to At are in the balance already and are checked
// as without one (from a full rollover bank).
type Balance struct {
	Credits int
	At      time.Time
}

// knownBalance returns the balance the ledger gives of the account name, nil when it
// gives none.
func knownBalance(l *Ledger, name string) *Balance {
	b, ok := l.InMailKnown[name]
	if !ok || b.At.IsZero() {
		return nil
	}
	return &b
}

// refundsOf returns the instants the ledger gives of the account's refunds, in time
// order, nil when it gives none.
func refundsOf(l *Ledger, name string) []time.Time {
	rs := l.InMailRefunds[name]
	if len(rs) == 0 || slices.IsSortedFunc(rs, time.Time.Compare) {
		return rs
	}
	rs = slices.Clone(rs)
	slices.SortFunc(rs, time.Time.Compare)
	return rs
}
