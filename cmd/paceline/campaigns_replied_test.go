package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A lead who replied to any account before (here by email, under their address,
// though their runtime key is their slug) is not enrolled by a campaign start, which
// says how many it left out; --include-replied enrolls them. A list of nothing but such
// leads is refused with a message that names the flag, and the campaign stays as it
// was.
func TestCampaignStartLeavesOutLeadsWhoReplied(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartLeavesOutLeadsWhoReplied)
}

func testCampaignStartLeavesOutLeadsWhoReplied(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--time-zone", "Europe/London")
	leads := writeFile(t, t.TempDir(), "leads.csv", "First Name,Last Name,URL,Email Address\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@acme.example\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte/,\n")
	mustCLI(t, db, "leads", "import", leads, "--list", "q")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "ada.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"), "--list", "ada")
	reply := paceline.Event{Key: "mail-reply", At: time.Now().Add(-24 * time.Hour), Account: "me", Lead: "email:ada@acme.example",
		Type: paceline.EventReplied, Kind: paceline.KindEmail}
	if _, err := openTestStore(t, db).RecordEvent(ctx, &reply); err != nil {
		t.Fatal(err)
	}
	running := func() map[string]bool {
		t.Helper()
		rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer rdb.Close()
		recs, err := rdb.store.RunningEnrollments(ctx, "me")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, r := range recs {
			m[r.Lead] = true
		}
		return m
	}

	mustCLI(t, db, "campaigns", "create", "--name", "only-ada", "--list", "ada", "--accounts", "me")
	code, _, stderr := cli(t, db, "campaigns", "start", "only-ada")
	if code != 1 || !strings.Contains(stderr, "replied before") || !strings.Contains(stderr, "--include-replied") {
		t.Fatalf("start over a list of leads who replied: exit %d, %q; want 1 and a message naming --include-replied", code, stderr)
	}
	if out := mustCLI(t, db, "campaigns", "status", "only-ada"); !strings.Contains(out, "(draft)") {
		t.Errorf("a refused start left the campaign active:\n%s", out)
	}

	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "me")
	out := mustCLI(t, db, "campaigns", "start", "q")
	if !strings.Contains(out, ": 1 lead enrolled now") || !strings.Contains(out, "1 lead who replied before was not enrolled") {
		t.Errorf("start q said:\n%s\nwant one enrolled and one left out for her reply", out)
	}
	if got := running(); !got["bob-byte"] || got["ada-lovelace"] {
		t.Errorf("running after start: %v; want bob alone", got)
	}
	mustCLI(t, db, "campaigns", "pause", "q")
	mustCLI(t, db, "campaigns", "start", "q", "--include-replied")
	if got := running(); !got["bob-byte"] || !got["ada-lovelace"] {
		t.Errorf("running after start --include-replied: %v; want both", got)
	}
	// A resume leaves the leads already in the campaign as they are, ada included: she
	// is not counted as left out.
	mustCLI(t, db, "campaigns", "pause", "q")
	if out := mustCLI(t, db, "campaigns", "start", "q"); strings.Contains(out, "replied before") {
		t.Errorf("resume said %q; ada is in the campaign already", out)
	}
}
