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

// A plain campaigns start leaves out the leads who replied before it, as far as it
// can see. Bob's reply is recorded after the start, dated a minute before it (his
// mailbox polled late): he is in a conversation, so campaigns status counts him
// stopped at once and h's next tick stops him, as the start would have left him out.
// Only --include-replied lets such a reply pass
// (TestCampaignStatusOldReplyNotAppliedYetStaysActive).
func TestCampaignStatusLateReplyBeforeAPlainStartStops(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStatusLateReplyBeforeAPlainStartStops)
}

func testCampaignStatusLateReplyBeforeAPlainStartStops(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "h", "--type", "free", "--time-zone", "Europe/London",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "h")
	before := time.Now().UTC()
	mustCLI(t, db, "campaigns", "start", "q")
	st := openTestStore(t, db)
	late := paceline.Event{Key: "bob-late", At: before.Add(-time.Minute), Account: "h", Lead: "bob-byte",
		Type: paceline.EventReplied, Kind: paceline.KindMessage}
	if _, err := st.RecordEvent(ctx, &late); err != nil {
		t.Fatal(err)
	}
	status := func(when string) {
		t.Helper()
		var s campaignStatus
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
			t.Fatal(err)
		}
		if s.Enrolled != 2 || s.Active != 1 || s.Stopped != 1 {
			t.Errorf("%s: enrolled %d, active %d, stopped %d; want 2, 1, 1 (bob replied)", when, s.Enrolled, s.Active, s.Stopped)
		}
	}
	status("bob's reply recorded")

	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock := &mailClock{t: time.Now().UTC().Add(time.Minute)}
	runtimetest.TickFor(t, &runtime.Runner{Store: rdb.store, Clock: clock, Executor: &runtimetest.Bodies{}, Seed: 1}, "h", &clock.t, time.Minute)
	running, err := rdb.store.RunningEnrollments(ctx, "h")
	rdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(running) != 1 || running[0].Lead != "ada-lovelace" {
		t.Fatalf("running after h's tick: %+v; want ada only", running)
	}
	status("after h's tick")
}
