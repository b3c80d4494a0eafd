package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// QA: accounts add --type free --cap invite=500, --cap note_max_chars=500 and
// --min-gap 0s all succeeded, and one typo gets a seat restricted. Caps above the
// type's LinkedIn limit and a gap under the floor are refused, naming the limit and
// the preset, unless --beyond-safe-limits says the user means it; nothing is written.
func TestAccountsAddRefusesBeyondLinkedInLimits(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--type", "free", "--cap", "invite=500"},
			"cap: invite=500 is above LinkedIn's limit for a free account, 100 invites per rolling 7 days (the preset; give invite=100 or less, or invite=preset)"},
		{[]string{"--type", "free", "--cap", "note_max_chars=500"},
			"note_max_chars=500 is above LinkedIn's limit for a free account, 200 characters in a personal note"},
		{[]string{"--type", "free", "--cap", "note-quota-monthly=6"}, "note_quota_monthly=6 is above LinkedIn's limit for a free account, 5 invites with a personal note a month"},
		{[]string{"--type", "free", "--cap", "inmail_monthly=5"}, "inmail_monthly=5 is above LinkedIn's limit for a free account, 0 InMail credits a month"},
		{[]string{"--type", "sales-navigator", "--cap", "invite=201", "--cap", "message=151"},
			"invite=201 is above LinkedIn's limit for a sales-navigator account, 200 invites per rolling 7 days (the preset; give invite=200 or less, or invite=preset); message=151 is above"},
		{[]string{"--type", "premium-career", "--cap", "inmail_rollover_cap=16"}, "inmail_rollover_cap=16 is above LinkedIn's limit for a premium-career account, 15 InMail credits rolled over"},
		{[]string{"--type", "free", "--cap", "invite=500"}, "pass --beyond-safe-limits only if this seat really allows more"},
		{[]string{"--type", "free", "--min-gap", "0s"}, "min-gap: 0s is under 30s: actions that close together look automated to LinkedIn and get the seat restricted (the default is 1m30s); pass --beyond-safe-limits"},
		{[]string{"--type", "free", "--min-gap", "29s"}, "min-gap: 29s is under 30s"},
	} {
		code, _, errOut := cli(t, db, append([]string{"accounts", "add", "--name", "c5"}, tc.args...)...)
		if code != exitFailed || !strings.Contains(errOut, tc.want) {
			t.Errorf("add %v: exit %d, %q; want %q", tc.args, code, errOut, tc.want)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused add made the database (stat: %v)", err)
	}

	// At the limit, under it, on kinds LinkedIn sets no limit on, and with the flag.
	for i, args := range [][]string{
		{"--type", "free", "--cap", "invite=100", "--cap", "note_max_chars=200", "--cap", "note_quota_monthly=5", "--min-gap", "30s"},
		{"--type", "sales-navigator", "--cap", "invite=200", "--cap", "note_quota_monthly=40", "--cap", "visit=500", "--cap", "daily_invite=60"},
		{"--type", "free", "--cap", "invite=500", "--cap", "note_max_chars=300", "--min-gap", "0s", "--beyond-safe-limits"},
	} {
		mustCLI(t, db, append([]string{"accounts", "add", "--name", "ok" + string(rune('a'+i))}, args...)...)
	}
}

// update holds a change to the same limits, the new type's when it changes: a
// downgrade keeps an override the old type allowed only if the new one does. An
// override stored before the check is left alone while the type stays.
func TestAccountsUpdateRefusesBeyondLinkedInLimits(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "sn", "--type", "sales-navigator", "--cap", "invite=180")
	mustCLI(t, db, "accounts", "add", "--name", "old", "--type", "free", "--cap", "invite=400", "--beyond-safe-limits")
	before := mustCLI(t, db, "accounts", "list")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sn", "--type", "free"}, "cap: the kept invite=180 is above LinkedIn's limit for a free account, 100 invites per rolling 7 days (the preset; give invite=100 or less, or invite=preset)"},
		{[]string{"sn", "--cap", "invite=250"}, "invite=250 is above LinkedIn's limit for a sales-navigator account, 200 invites"},
		{[]string{"sn", "--min-gap", "5s"}, "min-gap: 5s is under 30s"},
		{[]string{"old", "--cap", "invite=401"}, "invite=401 is above LinkedIn's limit for a free account"},
	} {
		code, _, errOut := cli(t, db, append([]string{"accounts", "update"}, tc.args...)...)
		if code != exitFailed || !strings.Contains(errOut, tc.want) {
			t.Errorf("update %v: exit %d, %q; want %q", tc.args, code, errOut, tc.want)
		}
	}
	if after := mustCLI(t, db, "accounts", "list"); after != before {
		t.Errorf("a refused update changed the accounts:\n%s\nthen\n%s", before, after)
	}
	mustCLI(t, db, "accounts", "update", "sn", "--type", "free", "--cap", "invite=preset")
	mustCLI(t, db, "accounts", "update", "old", "--time-zone", "Europe/Paris")
	mustCLI(t, db, "accounts", "update", "old", "--cap", "invite=450", "--min-gap", "1s", "--beyond-safe-limits")
}
