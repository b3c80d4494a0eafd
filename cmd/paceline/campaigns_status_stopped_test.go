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

// campaigns status says how many of the stopped leads a bounce and an opt-out took
// out, as campaigns start says why it left leads out: both before the runtime applies
// them (the account paused) and after its tick stored them; text and --json.
func TestCampaignStatusCountsBouncedAndOptedOutLeads(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStatusCountsBouncedAndOptedOutLeads)
}

func testCampaignStatusCountsBouncedAndOptedOutLeads(t *testing.T, db string) {
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
	status := func(when string, stopped, bounced, optedOut int) {
		t.Helper()
		var s campaignStatus
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
			t.Fatal(err)
		}
		if s.Stopped != stopped || s.StoppedBy.Bounced != bounced || s.StoppedBy.OptedOut != optedOut {
			t.Errorf("%s: stopped %d, by bounce %d, by opt-out %d; want %d, %d, %d",
				when, s.Stopped, s.StoppedBy.Bounced, s.StoppedBy.OptedOut, stopped, bounced, optedOut)
		}
		text := mustCLI(t, db, "campaigns", "status", "q")
		for _, want := range []string{"stopped by bounce", "stopped by opt-out"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: status does not say %q:\n%s", when, want, text)
			}
		}
	}
	status("before any answer", 0, 0, 0)
	st := openTestStore(t, db)
	now := time.Now().UTC()
	mustCLI(t, db, "accounts", "pause", "h")
	record := func(key, acct, lead string, typ paceline.EventKind) {
		t.Helper()
		ev := paceline.Event{Key: key, At: now, Account: acct, Lead: lead, Type: typ, Kind: paceline.KindEmail}
		if _, err := st.RecordEvent(ctx, &ev); err != nil {
			t.Fatal(err)
		}
	}
	record("ada-bounced", "h", "ada-lovelace", paceline.EventBounced)
	record("bob-out", "mail", "bob-byte", paceline.EventOptedOut) // by another mailbox's link
	mustCLI(t, db, "leads", "optout", "https://www.linkedin.com/in/cy-cole")
	status("answers recorded while h is paused", 3, 1, 2)

	// h resumes and ticks: the runtime stores the stops with their reasons.
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
	for _, r := range running {
		if r.Lead == "ada-lovelace" || r.Lead == "bob-byte" {
			t.Fatalf("%s still runs after h's tick: the stop was not stored", r.Lead)
		}
	}
	status("after h's tick", 3, 1, 2)
}
