package main

import (
	"testing"

	"github.com/paceline/paceline"
)

// accounts update names the preset a cap falls back to as the account paces: a
// LinkedIn seat with a mailbox of its own has a mailbox's 250 emails a week, where
// update printed "cap email preset (none) → 0" (QA); a seat without one has none.
func TestAccountChangesNameTheMailboxPreset(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		before   paceline.Account
		old, new string
	}{
		{paceline.Account{Type: paceline.TypePremiumBusiness, Mailbox: true}, "preset (250)", "0"},
		{paceline.Account{Type: paceline.TypeEmail}, "preset (250)", "0"},
		{paceline.Account{Type: paceline.TypeFree}, "preset (none)", "0"},
	} {
		after := cloneAccount(&tc.before)
		after.Caps = map[paceline.ActionKind]int{paceline.KindEmail: 0}
		changes := accountChanges(&tc.before, after)
		if len(changes) != 1 || changes[0] != (accountChange{"cap email", tc.old, tc.new}) {
			t.Errorf("%s (mailbox %v) given email=0: %+v, want cap email %s → %s", tc.before.Type, tc.before.Mailbox, changes, tc.old, tc.new)
		}
		back := accountChanges(after, &tc.before)
		if len(back) != 1 || back[0].new != tc.old {
			t.Errorf("%s (mailbox %v) back to the preset: %+v, want → %s", tc.before.Type, tc.before.Mailbox, back, tc.old)
		}
	}
}
