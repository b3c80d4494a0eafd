package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
)

// audit --db holds a database's ledger to LinkedIn's limits and checks InMails
// against the credits: a free account's InMail is a violation; a seat's InMails are
// counted from the balance it was last known to have (not from a full rollover bank),
// so the third InMail after a balance of 2 is one, while the InMail before the
// balance, a seat with no known balance and one whose third InMail a reply's refund
// paid for pass; and a seat made free is judged by
// its Sales Navigator credits for its InMails before the change (they were checked
// against a free account's none), and by none after it.
func TestAuditDBChecksInMailCredits(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAuditDBChecksInMailCredits)
}

func testAuditDBChecksInMailCredits(t *testing.T, db string) {
	ctx := context.Background()
	add := func(name, typ string) {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", typ, "--time-zone", "UTC",
			"--working-hours", "00:00-24:00", "--working-days", "mon-sun")
	}
	add("fay", "free")
	add("ann", "sales-navigator")
	add("bob", "sales-navigator")
	add("dan", "sales-navigator")
	add("rae", "sales-navigator")
	add("eve", "sales-navigator")
	st := openTestStore(t, db)
	known := time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)
	for _, name := range []string{"ann", "rae", "eve"} {
		acct, err := st.Account(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		acct.InMailCredits, acct.InMailCreditsAt = 2, known
		if err := st.UpdateAccount(ctx, acct); err != nil {
			t.Fatal(err)
		}
	}
	inmail := func(account, lead string, at time.Time) {
		t.Helper()
		if err := st.RecordAction(ctx, &paceline.Action{Key: "c/" + account + lead + "/inmail", At: at, Account: account, Lead: account + lead,
			Kind: paceline.KindInMail, Result: paceline.ResultDone, Campaign: "c", Step: "inmail"}); err != nil {
			t.Fatal(err)
		}
	}
	inmail("fay", "a", known.Add(time.Hour))
	for _, name := range []string{"ann", "bob", "dan"} {
		inmail(name, "before", known.Add(-time.Hour))
		for i, lead := range []string{"a", "b", "c"} {
			inmail(name, lead, known.Add(time.Duration(i+1)*time.Hour))
		}
	}
	// rae's lead a answers between the second InMail and the third, which its credit
	// pays for: as the Pacer counts it, no violation.
	inmail("rae", "a", known.Add(time.Hour))
	inmail("rae", "b", known.Add(2*time.Hour))
	if _, err := st.RecordEvent(ctx, &paceline.Event{At: known.Add(150 * time.Minute), Account: "rae", Lead: "raea", Type: paceline.EventReplied}); err != nil {
		t.Fatal(err)
	}
	inmail("rae", "c", known.Add(3*time.Hour))
	// eve's lead a answers the same way, but by email: that gives no InMail credit
	// back, so eve's third InMail is one over her balance.
	inmail("eve", "a", known.Add(time.Hour))
	inmail("eve", "b", known.Add(2*time.Hour))
	if _, err := st.RecordEvent(ctx, &paceline.Event{At: known.Add(150 * time.Minute), Account: "eve", Lead: "evea",
		Type: paceline.EventReplied, Kind: paceline.KindEmail}); err != nil {
		t.Fatal(err)
	}
	inmail("eve", "c", known.Add(3*time.Hour))
	mustCLI(t, db, "accounts", "update", "dan", "--type", "free")
	inmail("dan", "after", time.Now().Add(time.Minute))

	r := auditJSON(t, db)
	got := map[string]int{}
	for _, v := range r.Details {
		got[v.Account+" "+v.Rule]++
		if v.Account == "ann" && !strings.Contains(v.Message, "balance of 2 known at 2026-03-16T12:00:00Z") {
			t.Errorf("ann's violation does not name the known balance: %s", v.Message)
		}
		if (v.Account == "fay" || v.Account == "dan") && !strings.Contains(v.Message, "a free account has no InMail credits") {
			t.Errorf("%s's violation: %s", v.Account, v.Message)
		}
	}
	want := map[string]int{
		"fay " + audit.RuleInMailCredits: 1,
		"ann " + audit.RuleInMailCredits: 1, // the third InMail after the balance of 2
		"dan " + audit.RuleInMailCredits: 1, // the InMail after the downgrade only
		"eve " + audit.RuleInMailCredits: 1, // the third, an email reply refunding nothing
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d violations, want %d: %+v", k, got[k], n, r.Details)
		}
	}
	if len(got) != len(want) || r.Violations != 4 {
		t.Errorf("%d violations %v, want only %v: %+v", r.Violations, got, want, r.Details)
	}
	if text := mustCLI(t, db, "audit"); !strings.Contains(text, "4 violations:") || !strings.Contains(text, audit.RuleInMailCredits) ||
		strings.Contains(text, "InMail refunds") {
		t.Errorf("audit says:\n%s", text)
	}
}
