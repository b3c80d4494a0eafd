package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A start says how many of the leads it enrolls the campaign's accounts reached out to
// for another campaign before (they get its steps too): QA stopped a campaign over a
// typo and started a corrected one on the same list, and nine leads got the same
// message twice without a word. Leads only planned or refused, or contacted by this
// campaign, are not counted.
func TestCampaignStartSaysWhoWasContactedBefore(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartSaysWhoWasContactedBefore)
}

func testCampaignStartSaysWhoWasContactedBefore(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--time-zone", "Europe/London")
	leads := writeFile(t, t.TempDir(), "leads.csv", "First Name,Last Name,URL,Email Address\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@acme.example\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte/,\n"+
		"Cy,Coder,https://www.linkedin.com/in/cy-coder/,\n"+
		"Di,Dev,https://www.linkedin.com/in/di-dev/,\n")
	mustCLI(t, db, "leads", "import", leads, "--list", "q")
	st := openTestStore(t, db)
	at := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Microsecond)
	for i, a := range []paceline.Action{
		{Key: "old/ada", Lead: "ada-lovelace", Kind: paceline.KindMessage, Result: paceline.ResultDone, Campaign: "old"},
		{Key: "old/bob", Lead: "email:ada@acme.example", Kind: paceline.KindEmail, Result: paceline.ResultDone, Campaign: "old"}, // ada again, by address
		{Key: "old/cy", Lead: "cy-coder", Kind: paceline.KindInvite, Result: paceline.ResultDone, Campaign: "old"},
		{Key: "old/di", Lead: "di-dev", Kind: paceline.KindInvite, Result: paceline.ResultRefused, Campaign: "old"}, // never went out
		{Key: "old/bob-visit", Lead: "bob-byte", Kind: paceline.KindVisit, Result: paceline.ResultDone, Campaign: "old"},
	} {
		a.At, a.Account, a.Step = at.Add(time.Duration(i)*time.Minute), "me", "s"
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	mustCLI(t, db, "campaigns", "create", "--name", "new", "--list", "q", "--accounts", "me")
	out := mustCLI(t, db, "campaigns", "start", "new")
	if !strings.Contains(out, ": 4 leads enrolled now") ||
		!strings.Contains(out, "Note: 2 leads enrolled now were contacted before by this campaign's accounts for campaign old: they get this campaign's steps too") {
		t.Errorf("start said:\n%s\nwant 4 enrolled, ada and cy contacted before by old (not bob's visit or di's refused invite)", out)
	}
	// A resume enrolls nobody new: no note about the leads it holds already.
	mustCLI(t, db, "campaigns", "pause", "new")
	if out := mustCLI(t, db, "campaigns", "start", "new"); strings.Contains(out, "contacted before") {
		t.Errorf("resume said:\n%s\nwant no note: it enrolled nobody", out)
	}
}
