package main

import (
	"context"
	"strings"
	"testing"
)

// A lead enrolled under one reference (a Sales Navigator lead, as sales:ID) that an
// import has since given a profile URL is not enrolled a second time by another
// campaign under its new reference: the person would get a second invite.
func TestCampaignStartSkipsALeadRunningUnderAnotherReference(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartSkipsALeadRunningUnderAnotherReference)
}

func testCampaignStartSkipsALeadRunningUnderAnotherReference(t *testing.T, db string) {
	ctx := context.Background()
	for _, name := range []string{"me", "other"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "sales-navigator", "--time-zone", "Europe/London")
	}
	dir := t.TempDir()
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "a.csv", "profileUrl,fullName\n"+
		"\"https://www.linkedin.com/sales/lead/ACwAAAB1,NAME_SEARCH,x\",Ada L\n"), "--list", "a")
	mustCLI(t, db, "campaigns", "create", "--name", "a", "--list", "a", "--accounts", "me")
	mustCLI(t, db, "campaigns", "start", "a")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "b.csv", "profileUrl,fullName,linkedInProfileUrl\n"+
		"\"https://www.linkedin.com/sales/lead/ACwAAAB1,NAME_SEARCH,x\",Ada L,https://www.linkedin.com/in/ada-l\n"+
		"\"https://www.linkedin.com/sales/lead/ACwAAAB2,NAME_SEARCH,y\",Bob B,https://www.linkedin.com/in/bob-b\n"), "--list", "b")
	mustCLI(t, db, "campaigns", "create", "--name", "b", "--list", "b", "--accounts", "other")
	out := mustCLI(t, db, "campaigns", "start", "b")
	if !strings.Contains(out, ": 1 lead enrolled now") {
		t.Errorf("start b said %q; want bob alone enrolled", out)
	}
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	recs, err := rdb.store.RunningEnrollments(ctx, "other")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Lead != "bob-b" {
			t.Errorf("campaign b runs %q on other; ada runs in campaign a as sales:ACwAAAB1 already", r.Lead)
		}
	}
	// Campaign a again: ada is in it under her old reference, so nothing is added and
	// the start still succeeds.
	mustCLI(t, db, "campaigns", "pause", "a")
	if out := mustCLI(t, db, "campaigns", "start", "a"); !strings.Contains(out, ": 0 leads enrolled now") {
		t.Errorf("start a again said %q; want nothing enrolled", out)
	}
}
