package main

import (
	"context"
	"testing"
)

// Starting a campaign enrolls a lead already connected to one of its accounts (here
// through LinkedIn's archive) with that account, and shares the others in rotation.
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
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "other,me")
	mustCLI(t, db, "campaigns", "start", "q")

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
	if on["ada-lovelace"] != "other" {
		t.Errorf("ada, connected to other, is enrolled on %q", on["ada-lovelace"])
	}
	// The four others in rotation: two on each.
	if len(on) != 5 || count["me"] != 2 || count["other"] != 3 {
		t.Errorf("enrolled %v; want ada on other and the others two on each", on)
	}
}
