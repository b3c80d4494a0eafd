package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// waitNoteSequence is an invite with a note and fallback: wait, as QA's was.
const waitNoteSequence = `name: growth
steps:
  - id: connect
    invite:
      note: "Hi {{first_name}}, glad to connect."
      fallback: wait
    wait_for: accepted
  - id: hello
    if: connected
    message:
      body: "Thanks {{first_name}}"
`

// campaigns create, validate and status warn when an invite with a note and fallback:
// wait runs on an account whose note quota is small against the leads (QA: 40 leads
// on a free account, 5 notes a month, "active" for a week with 10 invites sent and no
// word why); fallback: plain is not warned about, nor a list the quota covers.
func TestCampaignsWarnOfASmallNoteQuota(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "free")
	csv := "profileUrl,fullName,title\n"
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x"} {
		csv += "https://www.linkedin.com/in/" + n + "-person," + strings.ToUpper(n) + " Person,Founder\n"
	}
	mustCLI(t, db, "leads", "import", "--list", "growth", writeFile(t, dir, "leads.csv", csv))
	mustCLI(t, db, "leads", "import", "--list", "few", writeFile(t, dir, "few.csv", "profileUrl,fullName,title\nhttps://www.linkedin.com/in/z-person,Z Person,Founder\n"))
	wait := writeFile(t, dir, "wait.yaml", waitNoteSequence)
	plain := writeFile(t, dir, "plain.yaml", strings.Replace(waitNoteSequence, "fallback: wait", "fallback: plain", 1))
	const want = "line 3, step connect: 24 leads, note quota 5 a month on ann: most invites will wait for the quota; fallback: plain or skip keeps them moving"

	_, _, errOut := cli(t, db, "campaigns", "create", "--name", "q1", "--list", "growth", "--accounts", "ann", "--sequence", wait)
	if !strings.Contains(errOut, "Warning: sequence "+wait+": "+want) {
		t.Errorf("create does not warn of the note quota:\n%s", errOut)
	}
	if _, _, errOut := cli(t, db, "campaigns", "validate", "--list", "growth", "--accounts", "ann", "--sequence", wait); !strings.Contains(errOut, want) {
		t.Errorf("validate does not warn of the note quota:\n%s", errOut)
	}
	// Two accounts share the leads: 12 each is still over twice 5.
	if _, _, errOut := cli(t, db, "campaigns", "validate", "--list", "growth", "--accounts", "ann,bob", "--sequence", wait); !strings.Contains(errOut, "24 leads (about 12 from bob), note quota 5 a month on bob") {
		t.Errorf("validate on two accounts:\n%s", errOut)
	}
	for _, args := range [][]string{
		{"campaigns", "validate", "--list", "growth", "--accounts", "ann", "--sequence", plain},
		{"campaigns", "validate", "--list", "few", "--accounts", "ann", "--sequence", wait},
	} {
		if _, _, errOut := cli(t, db, args...); strings.Contains(errOut, "note quota") {
			t.Errorf("%v warns of the note quota:\n%s", args, errOut)
		}
	}
	// The draft's status warns too.
	var s campaignStatus
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q1", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.NoteQuotaWarnings) != 1 || !strings.Contains(s.NoteQuotaWarnings[0], want) || s.NoteQuota.Leads != 0 {
		t.Errorf("draft status: %+v", s)
	}
}

// noteQuotaClock is the instant TestCampaignStatusCountsLeadsWaitingForTheNoteQuota
// runs at: mid-month in ann's time zone, hours from a month's end or a day's.
var noteQuotaClock = time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)

// campaigns status counts the leads whose invite waits for the account's note quota,
// and says why and what moves them, where it counted them "active" with nothing said.
func TestCampaignStatusCountsLeadsWaitingForTheNoteQuota(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStatusCountsLeadsWaitingForTheNoteQuota)
}

func testCampaignStatusCountsLeadsWaitingForTheNoteQuota(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--time-zone", "Europe/London",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"+
		"Cy,Cole,https://www.linkedin.com/in/cy-cole\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "ann", "--sequence", writeFile(t, t.TempDir(), "s.yaml", waitNoteSequence))
	// ann's 5 notes of the month went out before this campaign. The database's clock
	// stands mid-month (a sped-up clock stands where its run reached), so the quota
	// cannot renew during the test: on the wall clock, in a month's first ten minutes,
	// the notes fell in the month before and the invites went out.
	st := openTestStore(t, db)
	now := noteQuotaClock
	if err := st.(runtime.Store).SetClock(ctx, 3000, now, time.Now()); err != nil {
		t.Fatal(err)
	}
	for i, lead := range []string{"v", "w", "x", "y", "z"} {
		a := paceline.Action{Key: "old/" + lead, At: now.Add(-time.Duration(10-i) * time.Minute), Account: "ann", Lead: lead + "-old",
			Kind: paceline.KindInvite, WithNote: true, Result: paceline.ResultDone}
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	mustCLI(t, db, "campaigns", "start", "q")
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock := &mailClock{t: now.Add(time.Minute)}
	runtimetest.TickFor(t, &runtime.Runner{Store: rdb.store, Clock: clock, Executor: &runtimetest.Bodies{}, Seed: 1}, "ann", &clock.t, 10*time.Minute)
	rdb.Close()

	var s campaignStatus
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Active != 3 || s.NoteQuota.Leads != 3 || len(s.NoteQuota.Accounts) != 1 || s.NoteQuota.Accounts[0] != (noteQuotaUse{Account: "ann", Leads: 3, Used: 5, Quota: 5}) {
		t.Fatalf("status: active %d, note quota %+v; want 3 active, all 3 waiting on ann (5 of 5 used)", s.Active, s.NoteQuota)
	}
	out := mustCLI(t, db, "campaigns", "status", "q")
	if !strings.Contains(out, "3 leads wait for a personal note: ann has sent 5 of its 5 personal notes this month, and the invite's fallback: wait holds them until the quota renews (fallback: plain or skip keeps them moving)") {
		t.Errorf("status does not say why the leads wait:\n%s", out)
	}
}
