package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// QA's agency: one list per client, a campaign created without --list. Its start
// enrolled both clients' leads and warned only afterwards. It is now refused before a
// lead is enrolled, by paceline campaigns start and by the API's and the dashboard's
// start (startCampaignFunc) alike, naming the lists and the two ways on: a list for
// the campaign, or --all-leads, which then enrolls every lead of every list. A
// campaign with a list ignores the rule, and a database of one list starts as before.
func TestStartWithoutListRefusedOnSeveralLists(t *testing.T) {
	t.Parallel()
	onBothStores(t, testStartWithoutListRefusedOnSeveralLists)
}

func testStartWithoutListRefusedOnSeveralLists(t *testing.T, db string) {
	dir := t.TempDir()
	mustCLI(t, db, "accounts", "add", "--name", "a1", "--type", "free", "--time-zone", "Europe/London")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "globex.csv", "profileUrl,fullName\n"+
		"https://www.linkedin.com/in/sl-ada,Ada L\nhttps://www.linkedin.com/in/sl-bob,Bob B\n"), "--list", "globex")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "acme.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/sl-cy,Cy C\n"), "--list", "acme")
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--accounts", "a1")

	code, stdout, stderr := cli(t, db, "campaigns", "start", "acme-q4")
	for _, want := range []string{
		`campaign acme-q4 has no list, so its start would enroll every lead in the database (3 leads), from all 2 lists "acme", "globex" at once: nothing was enrolled and the campaign stays draft`,
		"paceline campaigns edit acme-q4 --list NAME", "start it with --all-leads"} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("start without a list: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and %q", code, stdout, stderr, want)
		}
	}
	checkNobodyEnrolled(t, db, "acme-q4")

	// The API's and the dashboard's start goes through the same check.
	a := &app{dbPath: db, stdout: io.Discard, stderr: io.Discard}
	rdb, err := a.openRuntimeDB(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, err = startCampaignFunc(rdb, nil)(t.Context(), "acme-q4", api.StartOptions{})
	rdb.Close()
	if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(paceline.ErrorMessage(err), "start it with paceline campaigns start acme-q4 --all-leads") {
		t.Errorf("the API's start without a list: %v; want EINVALID naming paceline campaigns start acme-q4 --all-leads", err)
	}
	checkNobodyEnrolled(t, db, "acme-q4")

	if code, _, stderr := cli(t, db, "campaigns", "start", "acme-q4", "--all-leads"); code != exitOK {
		t.Fatalf("start --all-leads: exit %d\n%s", code, stderr)
	}
	if out := mustCLI(t, db, "campaigns", "status", "acme-q4"); !strings.Contains(out, "(active)") {
		t.Errorf("after start --all-leads:\n%s", out)
	}
	if n := enrolledIn(t, db, "acme-q4"); n != 3 {
		t.Errorf("start --all-leads enrolled %d leads; want every one of the 3", n)
	}

	// With a list, --all-leads is a mistake; without, the rule does not apply.
	mustCLI(t, db, "campaigns", "create", "--name", "acme-listed", "--accounts", "a1", "--list", "acme")
	if code, _, stderr := cli(t, db, "campaigns", "start", "acme-listed", "--all-leads"); code == exitOK || !strings.Contains(stderr, "is for a campaign without a list") {
		t.Errorf("start --all-leads of a campaign with a list: exit %d\n%s", code, stderr)
	}
	checkNobodyEnrolled(t, db, "acme-listed")

	// One list: every lead is that list's, and the start goes on as before.
	one := filepath.Join(t.TempDir(), "one.db")
	mustCLI(t, one, "accounts", "add", "--name", "a1", "--type", "free", "--time-zone", "Europe/London")
	mustCLI(t, one, "leads", "import", writeFile(t, dir, "one.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/sl-dee,Dee D\n"), "--list", "only")
	mustCLI(t, one, "campaigns", "create", "--name", "all", "--accounts", "a1")
	if out := mustCLI(t, one, "campaigns", "start", "all"); !strings.Contains(out, "1 lead enrolled now") {
		t.Errorf("start without a list on one list: %q", out)
	}
}

// checkNobodyEnrolled fails t when campaign name holds a lead or left draft.
func checkNobodyEnrolled(t *testing.T, db, name string) {
	t.Helper()
	if n := enrolledIn(t, db, name); n != 0 {
		t.Errorf("a refused start of %s enrolled %d leads", name, n)
	}
	if out := mustCLI(t, db, "campaigns", "status", name); !strings.Contains(out, "(draft)") {
		t.Errorf("a refused start left %s:\n%s", name, out)
	}
}

// enrolledIn returns how many leads campaign name holds.
func enrolledIn(t *testing.T, db, name string) int {
	t.Helper()
	states, _, err := openTestStore(t, db).(serviceStore).CampaignCounts(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range states {
		n += m
	}
	return n
}
