package main

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// --remove-mailbox with a running lead said "a reply to an email it sent comes to this
// mailbox" of a seat that had never sent an email. The refusal now gives that reason
// only once the seat has sent one; before, it says what the removal would do to the
// running leads (their email steps skipped), and --force is still the way on.
func TestRemoveMailboxRefusalSaysRepliesOnlyAfterAnEmail(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, func(t *testing.T, db string, getenv func(string) string) {
		removeMailboxFixture(t, db, getenv)
		ctx := t.Context()
		st := openTestStore(t, db).(serviceStore)
		if n, err := st.AddEnrollments(ctx, "mail", []paceline.EnrollmentRecord{
			{Lead: "email:jo@acme.test", Account: "ann", LeadFacts: "{}", Started: time.Now()}}); err != nil || n != 1 {
			t.Fatalf("AddEnrollments: %d, %v", n, err)
		}
		_, err := runMailUpdate(getenv, db, "accounts", "update", "ann", "--remove-mailbox")
		checkMailboxKeptFor(t, db, err, "ann has 1 running lead: it has sent no email yet, but its email steps would be skipped from now on")
		if err != nil && strings.Contains(paceline.ErrorMessage(err), "a reply to an email it sent") {
			t.Errorf("the refusal speaks of a reply to an email ann never sent: %s", paceline.ErrorMessage(err))
		}

		// A visit is no email; an email is.
		for _, a := range []paceline.Action{
			{Key: "ann/visit", Kind: paceline.KindVisit},
			{Key: "ann/email", Kind: paceline.KindEmail},
		} {
			a.At, a.Account, a.Lead, a.Result, a.Campaign, a.Step = time.Now().Add(-time.Hour), "ann", "email:jo@acme.test", paceline.ResultDone, "mail", "hello"
			if err := st.RecordAction(ctx, &a); err != nil {
				t.Fatal(err)
			}
			_, err := runMailUpdate(getenv, db, "accounts", "update", "ann", "--remove-mailbox")
			says := err != nil && strings.Contains(paceline.ErrorMessage(err), "ann has 1 running lead: a reply to an email it sent comes to this mailbox")
			if says != (a.Kind == paceline.KindEmail) {
				t.Errorf("after ann's %s: %v", a.Kind, err)
			}
		}
	})
}
