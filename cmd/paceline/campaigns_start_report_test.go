package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// QA's agency case: list B overlaps list A, whose campaign runs already. Starting the
// campaign over B says, for every lead of B it did not enroll, why, with counts: it
// used to print "2 leads enrolled now" for a list of 6 and name the leads running in
// the other campaign only when it enrolled nobody. A resume says it resumed and how
// many leads go on; it used to read "is active: 0 leads enrolled now".
func TestCampaignStartSaysWhyEachLeadWasLeftOut(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartSaysWhyEachLeadWasLeftOut)
}

func testCampaignStartSaysWhyEachLeadWasLeftOut(t *testing.T, db string) {
	agencyLists(t, db)
	mustCLI(t, db, "campaigns", "start", "ca")

	leftOut := []string{
		"4 of the 6 leads of list B were not enrolled:",
		"  2 already running in campaign ca (a lead runs in one campaign at a time: paceline campaigns start cb again enrolls them once they have ended there; paceline campaigns stop ca ends that campaign)",
		"  1 lead who replied before was not enrolled (--include-replied enrolls it)",
		"  1 opted out",
	}
	out := mustCLI(t, db, "campaigns", "start", "cb")
	for _, want := range append([]string{"Campaign cb is active: 2 leads enrolled now."}, leftOut...) {
		if !strings.Contains(out, want) {
			t.Errorf("start cb said:\n%s\nwant %q in it", out, want)
		}
	}

	mustCLI(t, db, "campaigns", "pause", "cb")
	out = mustCLI(t, db, "campaigns", "start", "cb")
	for _, want := range append([]string{"Campaign cb resumed (2 leads go on where they stopped): 0 leads enrolled now."}, leftOut...) {
		if !strings.Contains(out, want) {
			t.Errorf("resume of cb said:\n%s\nwant %q in it", out, want)
		}
	}
	// Started again while active: what runs in it already is not "left out".
	out = mustCLI(t, db, "campaigns", "start", "cb")
	if want := "Campaign cb is active (2 leads running in it already): 0 leads enrolled now."; !strings.Contains(out, want) {
		t.Errorf("start of the active cb said:\n%s\nwant %q in it", out, want)
	}
	// A campaign over A alone, all of whose leads run: ca is resumed with all three.
	mustCLI(t, db, "campaigns", "pause", "ca")
	out = mustCLI(t, db, "campaigns", "start", "ca")
	if want := "Campaign ca resumed (3 leads go on where they stopped): 0 leads enrolled now."; !strings.Contains(out, want) || strings.Contains(out, "not enrolled") {
		t.Errorf("resume of ca said:\n%s\nwant %q and nothing left out", out, want)
	}
}

// agencyLists is QA's agency case: accounts s1 and s2, list A (Ada, Bob, Cy) and list
// B (Bob, Cy, Dee, Eve, Fay who opted out, Gus who replied to s2 before), and draft
// campaigns ca over A from s1 and cb over B from s2.
func agencyLists(t *testing.T, db string) {
	t.Helper()
	for _, name := range []string{"s1", "s2"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free", "--time-zone", "Europe/London")
	}
	dir := t.TempDir()
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "a.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"+
		"Cy,Cole,https://www.linkedin.com/in/cy-cole\n"), "--list", "A")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "b.csv", "First Name,Last Name,URL\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"+
		"Cy,Cole,https://www.linkedin.com/in/cy-cole\n"+
		"Dee,Dale,https://www.linkedin.com/in/dee-dale\n"+
		"Eve,East,https://www.linkedin.com/in/eve-east\n"+
		"Fay,Fox,https://www.linkedin.com/in/fay-fox\n"+
		"Gus,Gray,https://www.linkedin.com/in/gus-gray\n"), "--list", "B")
	mustCLI(t, db, "leads", "optout", "https://www.linkedin.com/in/fay-fox")
	reply := paceline.Event{Key: "gus-reply", At: time.Now().Add(-time.Hour), Account: "s2", Lead: "gus-gray",
		Type: paceline.EventReplied, Kind: paceline.KindMessage}
	if _, err := openTestStore(t, db).RecordEvent(context.Background(), &reply); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "campaigns", "create", "--name", "ca", "--list", "A", "--accounts", "s1")
	mustCLI(t, db, "campaigns", "create", "--name", "cb", "--list", "B", "--accounts", "s2")
}
