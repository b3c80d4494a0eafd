package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// QA's agency runs a LinkedIn seat per client from one paceline. Frank got client
// Globex's seat's invite, then client Acme's: Acme's start said nothing, since it
// read only its own accounts' actions; then it warned, but only once Frank was
// enrolled, when the user could only stop the campaign and start a copy. A start with
// leads that an account not of the campaign reached out to in the last 100 days (for a
// campaign or none) is now refused before anything is enrolled, by account, until
// the user chooses: --skip-contacted DAYS leaves out the leads any account reached
// out to in that many last days (and counts them), --include-contacted enrolls them
// (and the warning says how many hear from a second account). Both at once are a
// usage error. The leads the campaign's own accounts reached for another campaign
// are only noted: the same sender following up.
func TestCampaignStartRefusesLeadsOtherAccountsContacted(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartRefusesLeadsOtherAccountsContacted)
}

// contactedByGlobexLeads imports list acme (Frank, Cy, Ada, Bob) and records what
// accounts acme-seat and globex-seat did to them before: Globex's seat invited Frank
// 12 days ago for its campaign and Cy 5 days ago outside any campaign, Acme's own seat
// messaged Ada 2 days ago for campaign acme-old, and Bob was only visited (and invited
// 150 days ago, beyond the 100 days).
func contactedByGlobexLeads(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	for _, name := range []string{"acme-seat", "globex-seat"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free", "--time-zone", "Europe/London")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "acme.csv", "First Name,Last Name,URL\n"+
		"Frank,Fell,https://www.linkedin.com/in/frank-fell\n"+
		"Cy,Coder,https://www.linkedin.com/in/cy-coder\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "acme")
	st := openTestStore(t, db)
	now := time.Now().UTC().Truncate(time.Microsecond)
	for _, a := range []paceline.Action{
		// Frank: Globex's seat, for Globex's campaign, 12 days ago.
		{Key: "g/frank", At: now.AddDate(0, 0, -12), Account: "globex-seat", Lead: "frank-fell", Kind: paceline.KindInvite, Campaign: "globex-q4"},
		// Cy: Globex's seat outside any campaign (LinkedIn's archive), 5 days ago.
		{Key: "g/cy", At: now.AddDate(0, 0, -5), Account: "globex-seat", Lead: "cy-coder", Kind: paceline.KindInvite},
		// Ada: Acme's own seat, for an earlier Acme campaign, 2 days ago.
		{Key: "a/ada", At: now.AddDate(0, 0, -2), Account: "acme-seat", Lead: "ada-lovelace", Kind: paceline.KindMessage, Campaign: "acme-old"},
		// Bob: only visited by Globex's seat, which asks nothing of him.
		{Key: "g/bob", At: now.AddDate(0, 0, -1), Account: "globex-seat", Lead: "bob-byte", Kind: paceline.KindVisit, Campaign: "globex-q4"},
		// Not counted: older than 100 days.
		{Key: "g/bob-old", At: now.AddDate(0, 0, -150), Account: "globex-seat", Lead: "bob-byte", Kind: paceline.KindInvite, Campaign: "globex-q1"},
	} {
		a.Result, a.Step = paceline.ResultDone, "s"
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
}

func testCampaignStartRefusesLeadsOtherAccountsContacted(t *testing.T, db string) {
	contactedByGlobexLeads(t, db)
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--list", "acme", "--accounts", "acme-seat")

	// No choice: refused, nothing enrolled, the campaign still a draft.
	code, out, stderr := cli(t, db, "campaigns", "start", "acme-q4")
	for _, want := range []string{
		"paceline: campaign acme-q4 would enroll 2 leads that accounts not of this campaign contacted in the last 100 days (2 by account globex-seat): they would hear from a second LinkedIn account. Nothing was enrolled and the campaign stays draft.",
		"leave them out with paceline campaigns start acme-q4 --skip-contacted DAYS", "or enroll them anyway with --include-contacted"} {
		if code != exitFailed || !strings.Contains(stderr, want) {
			t.Errorf("start acme-q4: exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 1 and %q", code, out, stderr, want)
		}
	}
	checkNobodyEnrolled(t, db, "acme-q4")
	code, _, stderr = cli(t, db, "campaigns", "start", "acme-q4", "--skip-contacted", "10", "--include-contacted")
	if code != exitUsage || !strings.Contains(stderr, "--skip-contacted and --include-contacted cannot go together") {
		t.Errorf("start with both flags: exit %d\n%s", code, stderr)
	}
	checkNobodyEnrolled(t, db, "acme-q4")

	// --skip-contacted 100 leaves out Frank, Cy (Globex's seat) and Ada (Acme's own seat
	// within the days), not Bob (a visit, and an invite 150 days ago).
	code, out, stderr = cli(t, db, "campaigns", "start", "acme-q4", "--skip-contacted", "100")
	if code != exitOK || !strings.Contains(out, ": 1 lead enrolled now") ||
		!strings.Contains(out, "  3 contacted by an account within the days --skip-contacted gave (left out as asked)") ||
		strings.Contains(stderr, "second LinkedIn account") {
		t.Errorf("start --skip-contacted 100: exit %d\nstdout:\n%s\nstderr:\n%s\nwant Bob enrolled alone, no warning", code, out, stderr)
	}
	if n := enrolledIn(t, db, "acme-q4"); n != 1 {
		t.Errorf("start --skip-contacted 100 enrolled %d leads; want 1", n)
	}
	mustCLI(t, db, "campaigns", "stop", "acme-q4")

	// --skip-contacted 10 leaves out Cy and Ada (5 and 2 days ago), not Frank (12): he
	// is enrolled, as the days given chose, and the warning says so.
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q5", "--list", "acme", "--accounts", "acme-seat")
	code, out, stderr = cli(t, db, "campaigns", "start", "acme-q5", "--skip-contacted", "10")
	if code != exitOK || !strings.Contains(out, ": 2 leads enrolled now") ||
		!strings.Contains(out, "  2 contacted by an account within the days --skip-contacted gave (left out as asked)") ||
		!strings.Contains(stderr, "Warning: 1 lead enrolled now was contacted in the last 100 days by accounts that are not this campaign's (1 by account globex-seat): it hears from a second LinkedIn account now.") {
		t.Errorf("start --skip-contacted 10: exit %d\nstdout:\n%s\nstderr:\n%s\nwant Frank and Bob enrolled, Cy and Ada left out, a warning of Frank", code, out, stderr)
	}
	mustCLI(t, db, "campaigns", "stop", "acme-q5")

	// --include-contacted enrolls them all; the note of Ada and the warning of Frank
	// and Cy still say how many.
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q6", "--list", "acme", "--accounts", "acme-seat")
	code, out, stderr = cli(t, db, "campaigns", "start", "acme-q6", "--include-contacted")
	if code != exitOK || !strings.Contains(out, ": 4 leads enrolled now") ||
		!strings.Contains(out, "Note: 1 lead enrolled now was contacted before by this campaign's accounts for campaign acme-old") ||
		!strings.Contains(stderr, "Warning: 2 leads enrolled now were contacted in the last 100 days by accounts that are not this campaign's (2 by account globex-seat): they hear from a second LinkedIn account now.") ||
		strings.Contains(stderr, "campaigns stop") {
		t.Errorf("start acme-q6 --include-contacted: exit %d\nstdout:\n%s\nstderr:\n%s\nwant 4 enrolled, a note of Ada, a warning of Frank and Cy", code, out, stderr)
	}
	if strings.Contains(out, "globex") {
		t.Errorf("the note of the campaign's own accounts counts another seat's leads:\n%s", out)
	}
	if n := enrolledIn(t, db, "acme-q6"); n != 4 {
		t.Errorf("start --include-contacted enrolled %d leads; want 4", n)
	}
}
