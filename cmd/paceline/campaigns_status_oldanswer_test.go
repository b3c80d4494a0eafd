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

// A lead enrolled with --include-replied whose old reply to the same account no tick
// has read yet (it is past the account's event cursor) runs on: the reply is dated
// before the enrollment started, so the next tick does not stop it, and campaigns
// status counts the lead active, not stopped, before and after that tick. A reply
// dated before the start from a lead the campaign has already contacted (a mail
// server's clock behind) is an answer to it: counted stopped, and stopped by the tick.
func TestCampaignStatusOldReplyNotAppliedYetStaysActive(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStatusOldReplyNotAppliedYetStaysActive)
}

func testCampaignStatusOldReplyNotAppliedYetStaysActive(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "h", "--type", "free", "--time-zone", "Europe/London",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "q")
	st := openTestStore(t, db)
	now := time.Now().UTC()
	// Bob answered h two days ago, in a conversation before this campaign.
	old := paceline.Event{Key: "bob-old", At: now.Add(-48 * time.Hour), Account: "h", Lead: "bob-byte",
		Type: paceline.EventReplied, Kind: paceline.KindMessage}
	if _, err := st.RecordEvent(ctx, &old); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "h")
	mustCLI(t, db, "campaigns", "start", "q", "--include-replied")
	status := func(when string, active, stopped int) {
		t.Helper()
		var s campaignStatus
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
			t.Fatal(err)
		}
		if s.Enrolled != 2 || s.Active != active || s.Stopped != stopped {
			t.Errorf("%s: enrolled %d, active %d, stopped %d; want 2, %d, %d",
				when, s.Enrolled, s.Active, s.Stopped, active, stopped)
		}
	}
	status("before h's tick", 2, 0)

	// Ada's invite went out (a person reported it done); her answer comes dated a
	// minute before q started.
	sentAt := time.Now().UTC()
	invite := paceline.Action{Key: "q/ada-lovelace/connect", At: sentAt, Account: "h", Lead: "ada-lovelace",
		Kind: paceline.KindInvite, Campaign: "q", Step: "connect", Result: paceline.ResultDone}
	if err := st.RecordAction(ctx, &invite); err != nil {
		t.Fatal(err)
	}
	skewed := paceline.Event{Key: "ada-skewed", At: now.Add(-time.Minute), Account: "h", Lead: "ada-lovelace",
		Type: paceline.EventReplied, Kind: paceline.KindMessage}
	if _, err := st.RecordEvent(ctx, &skewed); err != nil {
		t.Fatal(err)
	}
	status("ada's answer recorded", 1, 1)

	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock := &mailClock{t: sentAt.Add(time.Minute)}
	runtimetest.TickFor(t, &runtime.Runner{Store: rdb.store, Clock: clock, Executor: &runtimetest.Bodies{}, Seed: 1}, "h", &clock.t, time.Minute)
	running, err := rdb.store.RunningEnrollments(ctx, "h")
	rdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(running) != 1 || running[0].Lead != "bob-byte" {
		t.Fatalf("running after h's tick: %+v; want bob only", running)
	}
	status("after h's tick", 1, 1)
}
