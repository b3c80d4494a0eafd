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
// read only its own accounts' actions. A start now warns, on stderr, of the leads it
// enrolls that an account not of the campaign reached out to in the last 100 days
// (for a campaign or none), by account, apart from the note of those its own
// accounts reached for another campaign; and --skip-contacted DAYS leaves out the
// leads any account reached out to in that many last days, and counts them.
func TestCampaignStartWarnsOfLeadsOtherAccountsContacted(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartWarnsOfLeadsOtherAccountsContacted)
}

func testCampaignStartWarnsOfLeadsOtherAccountsContacted(t *testing.T, db string) {
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

	// --skip-contacted 10 leaves out Cy and Ada (5 and 2 days ago), not Frank (12).
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--list", "acme", "--accounts", "acme-seat")
	code, out, stderr := cli(t, db, "campaigns", "start", "acme-q4", "--skip-contacted", "10")
	if code != exitOK || !strings.Contains(out, ": 2 leads enrolled now") ||
		!strings.Contains(out, "  2 contacted by an account within the days --skip-contacted gave (left out as asked)") ||
		!strings.Contains(stderr, "Warning: 1 lead enrolled now was contacted in the last 100 days by accounts that are not this campaign's (1 by account globex-seat): it hears from a second LinkedIn account now.") {
		t.Errorf("start --skip-contacted 10: exit %d\nstdout:\n%s\nstderr:\n%s\nwant Frank and Bob enrolled, Cy and Ada left out, a warning of Frank", code, out, stderr)
	}
	mustCLI(t, db, "campaigns", "stop", "acme-q4")

	mustCLI(t, db, "campaigns", "create", "--name", "acme-q5", "--list", "acme", "--accounts", "acme-seat")
	code, out, stderr = cli(t, db, "campaigns", "start", "acme-q5")
	if code != exitOK || !strings.Contains(out, ": 4 leads enrolled now") ||
		!strings.Contains(out, "Note: 1 lead enrolled now was contacted before by this campaign's accounts for campaign acme-old") ||
		!strings.Contains(stderr, "Warning: 2 leads enrolled now were contacted in the last 100 days by accounts that are not this campaign's (2 by account globex-seat): they hear from a second LinkedIn account now.") ||
		!strings.Contains(stderr, "stop it before its first steps go out (paceline campaigns stop acme-q5) and start a copy of it with --skip-contacted DAYS") {
		t.Errorf("start acme-q5: exit %d\nstdout:\n%s\nstderr:\n%s\nwant 4 enrolled, a note of Ada, a warning of Frank and Cy", code, out, stderr)
	}
	if strings.Contains(out, "globex") {
		t.Errorf("the note of the campaign's own accounts counts another seat's leads:\n%s", out)
	}
}
