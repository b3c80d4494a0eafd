package main

import (
	"encoding/json"
	"testing"
)

// A lead who opts out while its enrollment waits (here before its first step came
// due) is stopped at its next step by the runtime; campaigns status counts it as
// stopped at once, not as active until then. The enrollment row itself is left
// running: status does not change what the runtime does.
func TestCampaignStatusCountsAnOptedOutWaitingLeadAsStopped(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStatusCountsAnOptedOutWaitingLeadAsStopped)
}

func testCampaignStatusCountsAnOptedOutWaitingLeadAsStopped(t *testing.T, db string) {
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--time-zone", "Europe/London")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "me")
	mustCLI(t, db, "campaigns", "start", "q")
	status := func() campaignStatus {
		t.Helper()
		var s campaignStatus
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := status(); s.Enrolled != 2 || s.Active != 2 || s.Stopped != 0 {
		t.Fatalf("before the opt-out: enrolled %d, active %d, stopped %d; want 2, 2, 0", s.Enrolled, s.Active, s.Stopped)
	}
	mustCLI(t, db, "leads", "optout", "https://www.linkedin.com/in/ada-lovelace")
	if s := status(); s.Enrolled != 2 || s.Active != 1 || s.Stopped != 1 {
		t.Errorf("after Ada opted out: enrolled %d, active %d, stopped %d; want 2, 1, 1", s.Enrolled, s.Active, s.Stopped)
	}
	running, err := openTestStore(t, db).RunningEnrollments(t.Context(), "me")
	if err != nil || len(running) != 2 {
		t.Errorf("status changed the enrollments: %d running, %v", len(running), err)
	}
}
