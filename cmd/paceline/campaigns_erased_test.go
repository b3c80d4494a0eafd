package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// campaigns status and the dashboard's funnel count a lead's accept and reply the
// same way, and both keep counting them once the lead is erased: an erasure deletes
// the enrollment but keeps the ledger and the events under an alias, and what the
// person did happened. status used to count answers through the enrollment, and said
// accepted 0 after an erasure while the funnel said 1.
func TestCampaignStatusCountsAnErasedLeadsAnswersAsTheFunnelDoes(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStatusCountsAnErasedLeadsAnswersAsTheFunnelDoes)
}

func testCampaignStatusCountsAnErasedLeadsAnswersAsTheFunnelDoes(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--time-zone", "Europe/London")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "me")
	mustCLI(t, db, "campaigns", "start", "q")
	st := openTestStore(t, db)
	now := time.Now().UTC() // after the start: the enrollment began before
	for i, lead := range []string{"ada-lovelace", "bob-byte"} {
		a := paceline.Action{Key: "q/" + lead + "/connect", At: now, Account: "me", Kind: paceline.KindInvite,
			Lead: lead, Campaign: "q", Step: "connect", Result: paceline.ResultDone}
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			continue // bob has not answered
		}
		for j, typ := range []paceline.EventKind{paceline.EventAccepted, paceline.EventReplied} {
			e := paceline.Event{Key: "ada-" + string(typ), At: now.Add(time.Duration(j+1) * time.Second), Account: "me", Lead: lead, Type: typ}
			if _, err := st.RecordEvent(ctx, &e); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func(when string) {
		t.Helper()
		var s campaignStatus
		if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
			t.Fatal(err)
		}
		funnels, err := api.CampaignFunnels(ctx, st, st, now.Add(time.Minute), 30)
		if err != nil {
			t.Fatal(err)
		}
		if len(funnels) != 1 {
			t.Fatalf("%s: funnels %+v", when, funnels)
		}
		f := funnels[0]
		if s.Accepted != 1 || s.Replied != 1 || f.Accepted != s.Accepted || f.Replied != s.Replied || f.Invited != 2 {
			t.Errorf("%s: status accepted %d replied %d, funnel invited %d accepted %d replied %d; want 1 and 1 in both, 2 invited",
				when, s.Accepted, s.Replied, f.Invited, f.Accepted, f.Replied)
		}
	}
	check("before the erasure")
	mustCLI(t, db, "leads", "erase", "https://www.linkedin.com/in/ada-lovelace")
	check("after the erasure")
}
