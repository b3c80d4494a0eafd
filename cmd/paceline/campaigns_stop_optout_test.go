package main

import (
	"encoding/json"
	"testing"
)

// QA: campaigns status acme-q4 showed "stopped by opt-out 1" before campaigns stop and
// 0 after: the opted-out lead, whose opt-out no tick had applied yet, was stopped as
// "campaign stopped". The stop now keeps the opt-out; the other lead stops for the
// stop.
func TestCampaignStopKeepsAnOptOut(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStopKeepsAnOptOut)
}

func testCampaignStopKeepsAnOptOut(t *testing.T, db string) {
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--time-zone", "Europe/London")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--list", "q", "--accounts", "me")
	mustCLI(t, db, "campaigns", "start", "acme-q4")
	mustCLI(t, db, "leads", "optout", "https://www.linkedin.com/in/ada-lovelace")
	status := func() campaignStatus {
		t.Helper()
		var s campaignStatus
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "acme-q4", "--json")), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := status(); s.Stopped != 1 || s.StoppedBy.OptedOut != 1 {
		t.Fatalf("before the stop: stopped %d, by opt-out %d; want 1, 1", s.Stopped, s.StoppedBy.OptedOut)
	}
	mustCLI(t, db, "campaigns", "stop", "acme-q4")
	if s := status(); s.Stopped != 2 || s.StoppedBy.OptedOut != 1 {
		t.Errorf("after the stop: stopped %d, by opt-out %d; want 2 (both leads), 1 (Ada's opt-out kept)", s.Stopped, s.StoppedBy.OptedOut)
	}
}
