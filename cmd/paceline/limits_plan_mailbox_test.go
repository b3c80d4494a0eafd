package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// limits plan --mailbox plans a LinkedIn seat with a mailbox of its own: its email
// steps get slots beside its LinkedIn ones, where plan refused the seat as if it could
// send no email (QA: "a LinkedIn seat: it sends no email").
func TestLimitsPlanSeatWithItsOwnMailbox(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	args := []string{"limits", "plan", "--type", "premium-business", "--kind", "invite", "--kind", "email", "--count", "12", "--start", "2027-03-01"}
	out := mustCLI(t, db, append(args, "--mailbox")...)
	if !strings.Contains(out, "Plan for a premium-business account with a mailbox of its own") ||
		!strings.Contains(out, "email ") || !strings.Contains(out, "invite ") || strings.Contains(out, "Only") {
		t.Errorf("plan --mailbox:\n%s", out)
	}
	var plan struct {
		Mailbox bool
		Slots   []struct{ Kind string }
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, append(args, "--mailbox", "--json")...)), &plan); err != nil {
		t.Fatal(err)
	}
	emails := 0
	for _, s := range plan.Slots {
		if s.Kind == "email" {
			emails++
		}
	}
	if !plan.Mailbox || emails == 0 {
		t.Errorf("plan --mailbox --json: mailbox %v, %d email slots of %d", plan.Mailbox, emails, len(plan.Slots))
	}
	code, _, errOut := cli(t, db, args...)
	if code != exitFailed || !strings.Contains(errOut, "add --mailbox") {
		t.Errorf("plan without --mailbox: exit %d, %q; want the refusal naming --mailbox", code, errOut)
	}
}
