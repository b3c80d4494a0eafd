package audit

import (
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestKnownInMailBalance checks that a known balance is where an account's credits
// start: InMails up to its instant are in it (checked as without one), later ones
// spend from it, the monthly credits of the months after it are added up to the
// rollover cap, a balance above the cap falls to it at the next grant, a type
// without credits has none whatever it was told, and a refund after it gives a credit
// back (one before it is in it).
func TestKnownInMailBalance(t *testing.T) {
	t.Parallel()
	known := time.Date(2027, 3, 16, 12, 0, 0, 0, time.UTC)
	inmails := func(account string, ats ...time.Time) []paceline.Action {
		var out []paceline.Action
		for i, at := range ats {
			out = append(out, paceline.Action{At: at, Account: account, Kind: paceline.KindInMail,
				Lead: fmt.Sprint("li:", account, i), Result: paceline.ResultDone})
		}
		return out
	}
	hours := func(from time.Time, n int) []time.Time {
		var out []time.Time
		for i := range n {
			out = append(out, from.Add(time.Duration(i+1)*time.Hour))
		}
		return out
	}
	april := time.Date(2027, 4, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		typ     paceline.AccountType
		credits int
		ats     []time.Time
		refunds []time.Time
		want    int
	}{
		{name: "a refund pays for the third", typ: paceline.TypeSalesNavigator, credits: 2, ats: hours(known, 3),
			refunds: []time.Time{known.Add(150 * time.Minute)}, want: 0},
		{name: "a refund after the third is too late for it", typ: paceline.TypeSalesNavigator, credits: 2, ats: hours(known, 3),
			refunds: []time.Time{known.Add(4 * time.Hour)}, want: 1},
		{name: "a refund of an InMail before the balance counts after it", typ: paceline.TypeSalesNavigator, credits: 1,
			ats: hours(known, 2), refunds: []time.Time{known.Add(30 * time.Minute)}, want: 0},
		{name: "a refund before the balance is in it", typ: paceline.TypeSalesNavigator, credits: 1,
			ats: append([]time.Time{known.Add(-2 * time.Hour)}, hours(known, 2)...), refunds: []time.Time{known.Add(-time.Hour)}, want: 1},
		{name: "three after a balance of two", typ: paceline.TypeSalesNavigator, credits: 2, ats: hours(known, 3), want: 1},
		{name: "InMails up to its instant are in it", typ: paceline.TypeSalesNavigator, credits: 2,
			ats: append([]time.Time{known.Add(-time.Hour), known}, hours(known, 2)...), want: 0},
		{name: "zero until the month turns", typ: paceline.TypeSalesNavigator, credits: 0, ats: []time.Time{known.Add(time.Hour), april}, want: 1},
		{name: "the next month's grant", typ: paceline.TypePremiumCareer, credits: 0, ats: hours(april, 6), want: 1},
		{name: "above the cap falls to it at the grant", typ: paceline.TypePremiumCareer, credits: 40, ats: hours(april, 16), want: 1},
		{name: "a free account has none whatever it was told", typ: paceline.TypeFree, credits: 5, ats: hours(known, 1), want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := &Ledger{HoldToLinkedIn: true, InMailKnown: map[string]Balance{"ann": {Credits: tt.credits, At: known}},
				Accounts: []Account{{Name: "ann", Type: tt.typ, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: paceline.WorkingDays(0x7f),
					NoteQuotaMonthly: -1}},
				Actions: inmails("ann", tt.ats...), InMailRefunds: map[string][]time.Time{"ann": tt.refunds}}
			r := Check(l)
			if got := countRules(r)["ann "+RuleInMailCredits]; got != tt.want || r.Violations != tt.want {
				t.Errorf("%d InMail violations (%d in all), want %d: %+v", got, r.Violations, tt.want, r.Details)
			}
		})
	}
}
