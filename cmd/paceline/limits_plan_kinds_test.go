package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLimitsPlanKindTheTypeCannotDo asks for slots of a kind the account type can never
// carry out: plan says what the type lacks and which types have it, and fails, where it
// printed an empty plan ("Only 0 slots: no requested kind can act after the last one").
func TestLimitsPlanKindTheTypeCannotDo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--type", "free", "--kind", "inmail"},
			[]string{"kind: a free account has no InMail credits", "--kind inmail never gets a slot", "--type premium-career, premium-business, sales-navigator, recruiter-lite"}},
		{[]string{"--type", "free", "--kind", "invite", "--kind", "open_profile_message"},
			[]string{"a free account cannot message Open Profile members", "--type premium-career"}},
		{[]string{"--type", "sales-navigator", "--kind", "email"},
			[]string{"a sales-navigator account without a mailbox of its own sends no email", "add --mailbox to plan this seat with a mailbox of its own", "--type email"}},
		{[]string{"--type", "email", "--kind", "invite"},
			[]string{"an email account is a mailbox: it sends email only", "--type free,"}},
	}
	for _, tt := range tests {
		db := filepath.Join(t.TempDir(), "p.db")
		code, out, errOut := cli(t, db, append([]string{"limits", "plan"}, tt.args...)...)
		if code != exitFailed || out != "" {
			t.Errorf("plan %v: exit %d, stdout %q; want exit %d and no plan", tt.args, code, out, exitFailed)
		}
		for _, want := range tt.want {
			if !strings.Contains(errOut, want) {
				t.Errorf("plan %v: stderr %q lacks %q", tt.args, errOut, want)
			}
		}
	}
	// A type with credits plans InMails.
	out := mustCLI(t, filepath.Join(t.TempDir(), "p.db"), "limits", "plan", "--type", "premium-career", "--kind", "inmail", "--count", "2", "--start", "2027-03-01")
	if !strings.Contains(out, "inmail") || strings.Contains(out, "Only") {
		t.Errorf("premium-career inmail plan:\n%s", out)
	}
}
