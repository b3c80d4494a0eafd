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
	mustCLI(t, db, "campaigns", "start", "ca")

	leftOut := []string{
		"4 of the 6 leads of list B were not enrolled:",
		"  2 already running in campaign ca (a lead runs in one campaign at a time: paceline campaigns start cb again enrolls them once they have ended there)",
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

// leftOutLines gives every reason with its count, and only those that apply.
func TestLeftOutLines(t *testing.T) {
	t.Parallel()
	c := &paceline.Campaign{Name: "q 1", List: "founders"}
	for _, tc := range []struct {
		name string
		res  enrolled
		cli  bool
		want []string
	}{
		{"all enrolled", enrolled{listed: 3, added: 3}, true, nil},
		{"resumed, nothing new", enrolled{listed: 3, inThis: 3}, true, nil},
		{"every reason", enrolled{listed: 12, added: 2, inThis: 1, replied: 2, optedOut: 1, noKey: 1, ended: 1,
			inOther: map[string]int{"zz": 1, "aa": 3}}, true, []string{
			"9 of the 12 leads of list founders were not enrolled:",
			"  3 already running in campaign aa (a lead runs in one campaign at a time: paceline campaigns start 'q 1' again enrolls them once they have ended there)",
			"  1 already running in campaign zz (a lead runs in one campaign at a time: paceline campaigns start 'q 1' again enrolls it once it has ended there)",
			"  2 leads who replied before were not enrolled (--include-replied enrolls them)",
			"  1 opted out (never contacted again)",
			"  1 has no profile URL, Sales Navigator URL or email, so no way to reach it with these accounts (import it again with one)",
			"  1 went through this campaign already (finished or stopped: a lead is enrolled in a campaign once)",
		}},
		{"from the dashboard", enrolled{listed: 2, added: 1, replied: 1}, false, []string{
			"1 of the 2 leads of list founders was not enrolled:",
			"  1 lead who replied before was not enrolled (paceline campaigns start 'q 1' --include-replied enrolls it)",
		}},
		{"skipped by the store", enrolled{listed: 4, added: 2, optedOut: 1}, true, []string{
			"2 of the 4 leads of list founders were not enrolled:",
			"  1 opted out (never contacted again)",
			"  1 enrolled meanwhile by another start (paceline campaigns start again says where)",
		}},
	} {
		got := leftOutLines(c, tc.res, tc.cli)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}
