package limits

import (
	"testing"

	"github.com/paceline/paceline"
)

// The limits LinkedIn sets are the presets' figures; the house pacing figures and a
// mailbox's caps are not LinkedIn's and have none.
func TestPresetLinkedInLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		typ  paceline.AccountType
		name string
		want int // -1: no LinkedIn limit
	}{
		{paceline.TypeFree, "invite", 100},
		{paceline.TypeFree, "message", 100},
		{paceline.TypeFree, "note_max_chars", 200},
		{paceline.TypeFree, "note_quota_monthly", 5},
		{paceline.TypeFree, "inmail_monthly", 0},
		{paceline.TypeFree, "inmail_rollover_cap", 0},
		{paceline.TypeSalesNavigator, "invite", 200},
		{paceline.TypeSalesNavigator, "message", 150},
		{paceline.TypeSalesNavigator, "note_max_chars", 300},
		{paceline.TypeSalesNavigator, "inmail_monthly", 50},
		{paceline.TypeSalesNavigator, "inmail_rollover_cap", 150},
		{paceline.TypeSalesNavigator, "note_quota_monthly", -1},
		{paceline.TypePremiumCareer, "inmail_monthly", 5},
		{paceline.TypeFree, "visit", -1},
		{paceline.TypeFree, "inmail", -1},
		{paceline.TypeFree, "daily_invite", -1},
		{paceline.TypeEmail, "email", -1},
		{paceline.TypeEmail, "invite", -1},
	} {
		p, err := PresetFor(tc.typ)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := p.LinkedInLimit(tc.name)
		switch {
		case tc.want < 0 && ok:
			t.Errorf("%s %s: limit %d (%s), want none", tc.typ, tc.name, got.Value, got.What)
		case tc.want >= 0 && (!ok || got.Value != tc.want || got.What == ""):
			t.Errorf("%s %s: limit %d %q (%v), want %d", tc.typ, tc.name, got.Value, got.What, ok, tc.want)
		}
	}
}
