package main

import (
	"strings"
	"testing"
)

// A start over a list whose leads are all left out (one opted out, one running in
// another campaign) is refused, saying why each was left out and what to do, and the
// campaign stays a draft: it used to become active over nobody ("0 leads enrolled
// now"). A start again of a campaign that holds leads still succeeds with none new.
func TestCampaignStartThatEnrollsNobodySaysWhy(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartThatEnrollsNobodySaysWhy)
}

func testCampaignStartThatEnrollsNobodySaysWhy(t *testing.T, db string) {
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--time-zone", "Europe/London")
	dir := t.TempDir()
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "y.csv", "First Name,Last Name,URL\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "y")
	mustCLI(t, db, "campaigns", "create", "--name", "y", "--list", "y", "--accounts", "me")
	mustCLI(t, db, "campaigns", "start", "y")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "x.csv", "First Name,Last Name,URL\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"), "--list", "x")
	mustCLI(t, db, "leads", "optout", "https://www.linkedin.com/in/ada-lovelace")
	mustCLI(t, db, "campaigns", "create", "--name", "x", "--list", "x", "--accounts", "me")

	code, out, stderr := cli(t, db, "campaigns", "start", "x")
	for _, want := range []string{"no lead to enroll in campaign x", "1 opted out", "1 already running in campaign y", "stays draft", "paceline leads import FILE --list x"} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("start x: exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, stderr, want)
		}
	}
	if out := mustCLI(t, db, "campaigns", "status", "x"); !strings.Contains(out, "(draft)") {
		t.Errorf("a start that enrolled nobody left the campaign:\n%s", out)
	}
	// y holds bob: starting it again enrolls nobody new, and says so without failing.
	mustCLI(t, db, "campaigns", "pause", "y")
	if out := mustCLI(t, db, "campaigns", "start", "y"); !strings.Contains(out, ": 0 leads enrolled now") {
		t.Errorf("start y again: %q", out)
	}
}
