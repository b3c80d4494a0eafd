package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// QA: limits plan --type email --mailbox complained about "--kind invite", never
// given, and said nothing of --mailbox. An email account planned without --kind plans
// its email; --mailbox on it gets a note (it is a mailbox already); an invite asked
// for is still refused.
func TestLimitsPlanEmailAccountPlansEmail(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, extra := range [][]string{nil, {"--mailbox"}} {
		args := append([]string{"limits", "plan", "--type", "email", "--count", "3", "--start", "2027-03-01"}, extra...)
		code, out, errOut := cli(t, db, args...)
		if code != exitOK || !strings.Contains(out, "Plan for an email account") || strings.Count(out, " email ") < 3 || strings.Contains(errOut, "invite") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		if mb := strings.Contains(errOut, "--mailbox is for a LinkedIn seat"); mb != (extra != nil) {
			t.Errorf("%v: note about --mailbox %v:\n%s", args, mb, errOut)
		}
	}
	code, _, errOut := cli(t, db, "limits", "plan", "--type", "email", "--kind", "invite")
	if code != exitFailed || !strings.Contains(errOut, "--kind invite never gets a slot") {
		t.Errorf("an invite asked of an email account: exit %d, %q", code, errOut)
	}
}
