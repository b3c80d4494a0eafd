package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// A lead whose reply (or opt-out event) is recorded while its account is paused has
// no tick to stop its enrollment: campaigns status showed "replied 1" beside "active 4,
// stopped 0". It counts such a lead stopped, as the next tick makes it, and the counts
// stay the same once the account resumes and ticks. An answer from before the
// enrollment started stops nothing, and is not counted.
func TestCampaignStatusCountsAnAnswerNotAppliedYetAsStopped(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStatusCountsAnAnswerNotAppliedYetAsStopped)
}

func testCampaignStatusCountsAnAnswerNotAppliedYetAsStopped(t *testing.T, db string) {
	ctx := context.Background()
	for _, name := range []string{"h", "mail"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free", "--time-zone", "Europe/London",
			"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"+
		"Cy,Cole,https://www.linkedin.com/in/cy-cole\n"+
		"Dee,Dale,https://www.linkedin.com/in/dee-dale\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "h")
	mustCLI(t, db, "campaigns", "start", "q")
	status := func(when string, active, stopped, replied int) {
		t.Helper()
		var s campaignStatus
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
			t.Fatal(err)
		}
		if s.Enrolled != 4 || s.Active != active || s.Stopped != stopped || s.Replied != replied {
			t.Errorf("%s: enrolled %d, active %d, stopped %d, replied %d; want 4, %d, %d, %d",
				when, s.Enrolled, s.Active, s.Stopped, s.Replied, active, stopped, replied)
		}
	}
	st := openTestStore(t, db)
	now := time.Now().UTC()
	// Ada's invite went out (a person reported it done), then h was paused.
	invite := paceline.Action{Key: "q/ada-lovelace/connect", At: now.Add(-time.Minute), Account: "h", Lead: "ada-lovelace",
		Kind: paceline.KindInvite, Campaign: "q", Step: "connect", Result: paceline.ResultDone}
	if err := st.RecordAction(ctx, &invite); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "accounts", "pause", "h")
	record := func(key, acct, lead string, typ paceline.EventKind, at time.Time) {
		t.Helper()
		ev := paceline.Event{Key: key, At: at, Account: acct, Lead: lead, Type: typ, Kind: paceline.KindMessage}
		if _, err := st.RecordEvent(ctx, &ev); err != nil {
			t.Fatal(err)
		}
	}
	record("ada-replied", "h", "ada-lovelace", paceline.EventReplied, now)
	record("bob-out", "mail", "bob-byte", paceline.EventOptedOut, now)                 // by the mailbox's link
	record("cy-old", "mail", "cy-cole", paceline.EventReplied, now.Add(-48*time.Hour)) // before q started
	status("answers recorded while h is paused", 2, 2, 1)

	// h resumes and ticks: the runtime stops exactly those two.
	mustCLI(t, db, "accounts", "resume", "h")
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock := &mailClock{t: now.Add(time.Minute)}
	runtimetest.TickFor(t, &runtime.Runner{Store: rdb.store, Clock: clock, Executor: &runtimetest.Bodies{}, Seed: 1}, "h", &clock.t, time.Minute)
	running, err := rdb.store.RunningEnrollments(ctx, "h")
	rdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]bool{}
	for _, r := range running {
		left[r.Lead] = true
	}
	if len(left) != 2 || !left["cy-cole"] || !left["dee-dale"] {
		t.Fatalf("running after h's tick: %v; want cy and dee", left)
	}
	status("after h's tick", 2, 2, 1)
}
