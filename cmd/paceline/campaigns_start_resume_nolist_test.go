package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// A campaign without a list started on a database of one list (allowed), paused, and
// a second client's list imported meanwhile: its resume (campaigns start NAME, the
// only resume) was refused by the several-lists rule, and both ways on were wrong:
// --all-leads enrolled the new client's leads, and a new campaign found the paused
// one's leads still running there. The rule refuses a first start (a draft) only; a
// resume of a paused or active campaign without a list goes on with its own leads and
// enrolls no new one unless --all-leads, saying how many it did not enroll, by the
// command and by the API's and the dashboard's start alike. Such a resume is not
// refused for leads another account contacted either: it enrolls none of them.
func TestCampaignResumeWithoutListKeepsToItsOwnLeads(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignResumeWithoutListKeepsToItsOwnLeads)
}

func testCampaignResumeWithoutListKeepsToItsOwnLeads(t *testing.T, db string) {
	dir := t.TempDir()
	for _, name := range []string{"a1", "globex-seat"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free", "--time-zone", "Europe/London")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "globex.csv", "profileUrl,fullName\n"+
		"https://www.linkedin.com/in/sl-ada,Ada L\n"), "--list", "globex")
	mustCLI(t, db, "campaigns", "create", "--name", "q4", "--accounts", "a1")
	mustCLI(t, db, "campaigns", "start", "q4")
	mustCLI(t, db, "campaigns", "pause", "q4")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "acme.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/sl-cy,Cy C\n"), "--list", "acme")
	// Another account reached out to both: Ada, whom q4 runs already, and Cy, new.
	st := openTestStore(t, db)
	now := time.Now().UTC().Truncate(time.Microsecond)
	for _, a := range []paceline.Action{
		{Key: "g/ada", At: now.AddDate(0, 0, -3), Account: "globex-seat", Lead: "sl-ada", Kind: paceline.KindInvite},
		{Key: "g/cy", At: now.AddDate(0, 0, -3), Account: "globex-seat", Lead: "sl-cy", Kind: paceline.KindInvite},
	} {
		a.Result, a.Step = paceline.ResultDone, "s"
		if err := st.RecordAction(context.Background(), &a); err != nil {
			t.Fatal(err)
		}
	}

	code, out, stderr := cli(t, db, "campaigns", "start", "q4")
	if code != exitOK {
		t.Fatalf("resume of paused q4 (its one lead Ada running): exit %d\nstdout:\n%s\nstderr:\n%s\nwant its own leads resumed", code, out, stderr)
	}
	for _, want := range []string{"Campaign q4 resumed (1 lead goes on where it stopped): 0 leads enrolled now",
		"1 new lead was not enrolled: the campaign has no list; --all-leads enrolls every lead"} {
		if !strings.Contains(out, want) {
			t.Errorf("resume of q4 says:\n%s\nwant %q", out, want)
		}
	}
	if n := enrolledIn(t, db, "q4"); n != 1 {
		t.Errorf("the resume left q4 with %d leads; want Ada alone, Cy of list acme not enrolled", n)
	}

	// The API's and the dashboard's start of the active campaign: the same.
	a := &app{dbPath: db, stdout: io.Discard, stderr: io.Discard}
	rdb, err := a.openRuntimeDB(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := startCampaignFunc(rdb, nil)(t.Context(), "q4", api.StartOptions{})
	rdb.Close()
	if err != nil || rep.Enrolled != 0 || rep.LeftOut[api.LeftNoList] != 1 {
		t.Errorf("the API's start of active q4: %+v, %v; want nothing enrolled and 1 lead left out for the campaign's want of a list", rep, err)
	}
	lines := strings.Join(rep.LeftOutLines(&paceline.Campaign{Name: "q4"}, false), "\n")
	if !strings.Contains(lines, `paceline campaigns start q4 --all-leads (the API: {"all_leads": true}) enrolls every lead`) {
		t.Errorf("the API's start of q4 says:\n%s\nwant the way to enroll every lead", lines)
	}
	if n := enrolledIn(t, db, "q4"); n != 1 {
		t.Errorf("the API's start left q4 with %d leads; want Ada alone", n)
	}

	// --all-leads enrolls the new lead, and so meets the contacted-by-others refusal.
	if code, _, stderr := cli(t, db, "campaigns", "start", "q4", "--all-leads"); code != 1 || !strings.Contains(stderr, "1 by account globex-seat") {
		t.Errorf("start --all-leads with Cy contacted by globex-seat: exit %d\n%s\nwant refused for Cy alone", code, stderr)
	}
	if code, out, stderr := cli(t, db, "campaigns", "start", "q4", "--all-leads", "--include-contacted"); code != exitOK || !strings.Contains(out, "1 lead enrolled now") {
		t.Errorf("start --all-leads --include-contacted: exit %d\n%s\n%s", code, out, stderr)
	}
	if n := enrolledIn(t, db, "q4"); n != 2 {
		t.Errorf("after --all-leads q4 holds %d leads; want 2", n)
	}
}
