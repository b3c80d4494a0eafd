package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
)

// inmailShown is the InMail balance limits show --json gives at an instant; none
// (a type without InMail) is 0.
func inmailShown(t *testing.T, db, account string, at time.Time) int {
	t.Helper()
	var s struct {
		InMail *int `json:"inmail_credits"`
	}
	out := mustCLI(t, db, "limits", "show", account, "--at", at.UTC().Format(time.RFC3339), "--json")
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if s.InMail == nil {
		return 0
	}
	return *s.InMail
}

// The QA repro: a free account of long standing made Sales Navigator had 150 InMail
// credits at once (its ledger replayed as if it had always had the plan). It starts at
// the plan's 50 at the change, gets 50 more a month later; a balance told with
// --inmail-credits is where the pacer starts, less the InMails sent after it; and a
// downgrade leaves none.
func TestInMailCreditsAfterAnUpgrade(t *testing.T) {
	t.Parallel()
	onBothStores(t, testInMailCreditsAfterAnUpgrade)
}

func testInMailCreditsAfterAnUpgrade(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free",
		"--working-hours", "00:00-24:00", "--working-days", "mon-sun")
	st := openTestStore(t, db)
	// Months after the account was added, by a sped-up run's clock.
	reached := time.Now().UTC().AddDate(0, 7, 0)
	reached = time.Date(reached.Year(), reached.Month(), 10, 9, 0, 0, 0, time.UTC)
	if err := st.(runtime.Store).SetClock(ctx, 3000, reached, time.Now()); err != nil {
		t.Fatal(err)
	}
	out := mustCLI(t, db, "accounts", "update", "ann", "--type", "sales-navigator")
	if !strings.Contains(out, "InMail credits") || !strings.Contains(out, "→ 50 as of") {
		t.Errorf("accounts update --type says:\n%s", out)
	}
	if got := inmailShown(t, db, "ann", reached.Add(time.Hour)); got != 50 {
		t.Errorf("InMail credits right after the upgrade: %d, want the plan's 50 (not the rollover cap 150)", got)
	}
	if got := inmailShown(t, db, "ann", reached.AddDate(0, 1, 0)); got != 100 {
		t.Errorf("InMail credits a month after the upgrade: %d, want 50 + 50", got)
	}
	if got := inmailShown(t, db, "ann", reached.AddDate(0, 4, 0)); got != 150 {
		t.Errorf("InMail credits four months after the upgrade: %d, want the rollover cap 150", got)
	}

	if err := st.RecordAction(ctx, &paceline.Action{Key: "c/early/inmail", At: reached.Add(-time.Minute), Account: "ann", Lead: "early",
		Kind: paceline.KindInMail, Result: paceline.ResultDone, Campaign: "c", Step: "inmail"}); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "accounts", "update", "ann", "--inmail-credits", "7")
	if err := st.RecordAction(ctx, &paceline.Action{Key: "c/late/inmail", At: reached.Add(time.Minute), Account: "ann", Lead: "late",
		Kind: paceline.KindInMail, Result: paceline.ResultDone, Campaign: "c", Step: "inmail"}); err != nil {
		t.Fatal(err)
	}
	if got := inmailShown(t, db, "ann", reached.Add(time.Hour)); got != 6 {
		t.Errorf("InMail credits after --inmail-credits 7 and one InMail sent after it: %d, want 6 (the InMail before it is in the 7)", got)
	}
	if got := inmailShown(t, db, "ann", reached.AddDate(0, 1, 0)); got != 56 {
		t.Errorf("InMail credits a month after --inmail-credits 7: %d, want 6 + 50", got)
	}

	mustCLI(t, db, "accounts", "update", "ann", "--type", "free")
	if got := inmailShown(t, db, "ann", reached.Add(time.Hour)); got != 0 {
		t.Errorf("InMail credits after a downgrade to free: %d, want 0", got)
	}
	if a, err := st.Account(ctx, "ann"); err != nil || a.InMailCredits != 0 || a.InMailCreditsAt.IsZero() {
		t.Errorf("stored after the downgrade: %+v, %v; want 0 credits, dated", a, err)
	}
}

// A balance that is not a number of credits, or given to a mailbox, is refused.
func TestInMailCreditsRefused(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "premium-career", "--inmail-credits", "12")
	for _, bad := range []string{"many", "100001"} {
		code, _, errOut := cli(t, db, "accounts", "update", "bob", "--inmail-credits", bad)
		if code == exitOK || !strings.Contains(errOut, "inmail-credits") {
			t.Errorf("--inmail-credits %s: exit %d, %q", bad, code, errOut)
		}
	}
	st := openTestStore(t, db)
	if a, err := st.Account(context.Background(), "bob"); err != nil || a.InMailCredits != 12 || a.InMailCreditsAt.IsZero() {
		t.Errorf("accounts add --inmail-credits 12 stored %+v, %v", a, err)
	}
}
