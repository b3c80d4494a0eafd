package main

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// Starting a campaign enrolls a lead already connected to one of its accounts (here
// through LinkedIn's archive) with that account, and a lead with an invite from one
// still unanswered with that one; it shares the others in rotation.
func TestCampaignStartKeepsAConnectionWithItsAccount(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartKeepsAConnectionWithItsAccount)
}

func testCampaignStartKeepsAConnectionWithItsAccount(t *testing.T, db string) {
	ctx := context.Background()
	for _, name := range []string{"me", "other"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free", "--time-zone", "Europe/London")
	}
	leads := writeFile(t, t.TempDir(), "leads.csv", "First Name,Last Name,URL\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte/\n"+
		"Cy,Cole,https://www.linkedin.com/in/cy-cole\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Dee,Dale,https://www.linkedin.com/in/dee-dale\n"+
		"Eve,East,https://www.linkedin.com/in/eve-east\n")
	mustCLI(t, db, "leads", "import", leads, "--list", "q")
	mustCLI(t, db, "linkedin", "import-archive", writeArchive(t, 0), "--account", "other") // Ada accepted other's invite
	// Cy was invited from me five days ago, by hand, and has not answered.
	invite := paceline.Action{Key: "hand-cy", At: time.Now().Add(-5 * 24 * time.Hour), Account: "me", Lead: "cy-cole",
		Kind: paceline.KindInvite, Result: paceline.ResultDone}
	if err := openTestStore(t, db).RecordAction(ctx, &invite); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "other,me")
	// Ada also wrote to other in the archive: a lead who replied is left out unless asked.
	mustCLI(t, db, "campaigns", "start", "q", "--include-replied")

	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	on := map[string]string{}
	count := map[string]int{}
	for _, acct := range []string{"me", "other"} {
		recs, err := rdb.store.RunningEnrollments(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			on[r.Lead] = acct
			count[acct]++
		}
	}
	if on["ada-lovelace"] != "other" || on["cy-cole"] != "me" {
		t.Errorf("ada, connected to other, is enrolled on %q; cy, invited from me, on %q", on["ada-lovelace"], on["cy-cole"])
	}
	// The three others in rotation.
	if len(on) != 5 || count["me"]+count["other"] != 5 || count["me"] < 2 || count["other"] < 2 {
		t.Errorf("enrolled %v; want ada on other, cy on me and the others shared", on)
	}
}
