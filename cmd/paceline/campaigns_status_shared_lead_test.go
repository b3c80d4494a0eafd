package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// An agency runs two clients' campaigns from one database, each from its own account,
// over lists that share people. A campaign's funnel counts what that campaign did: its
// own invites and messages, an accept when it answers the invite the campaign's
// account sent, a reply when it answers what the campaign's account sent the lead
// before it. The funnel gave each lead to the campaign of the latest action sent to
// it, from any account, and counted its events from any account: Acme's invite to
// Frank took him out of Globex's funnel (invited 2→1) and put Globex's invite in
// Acme's second campaign, and acme-q4b's messages to the leads who accepted acme-q4's
// invites took their accepts out of acme-q4 (2→0) and its invites out of its funnel,
// while campaigns status went on counting acme-q4's invites. campaigns status and the
// dashboard's funnel (the API's too) say the same, and later campaigns change nothing
// of an earlier one's counts.
func TestCampaignFunnelsOfTwoClientsSharingALead(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignFunnelsOfTwoClientsSharingALead)
}

func testCampaignFunnelsOfTwoClientsSharingALead(t *testing.T, db string) {
	ctx := context.Background()
	for _, name := range []string{"acme", "globex"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free", "--time-zone", "Europe/London")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "g.csv", "First Name,Last Name,URL\n"+
		"Frank,Lee,https://www.linkedin.com/in/frank-lee\n"+
		"Heidi,Ortiz,https://www.linkedin.com/in/heidi-ortiz\n"), "--list", "globex")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "a.csv", "First Name,Last Name,URL\n"+
		"Eve,Adams,https://www.linkedin.com/in/eve-adams\n"+
		"Dan,Smith,https://www.linkedin.com/in/dan-smith\n"), "--list", "acme")
	for _, c := range [][3]string{{"globex-q4", "globex", "globex"}, {"acme-q4", "acme", "acme"}, {"acme-q4b", "acme", "globex"}} {
		mustCLI(t, db, "campaigns", "create", "--name", c[0], "--list", c[2], "--accounts", c[1])
	}
	st := openTestStore(t, db)
	t0 := time.Now().UTC().Truncate(time.Second).Add(-30 * 24 * time.Hour)
	at := func(days, hours int) time.Time {
		return t0.Add(time.Duration(days)*24*time.Hour + time.Duration(hours)*time.Hour)
	}
	act := func(when time.Time, account, campaign string, kind paceline.ActionKind, lead string) {
		t.Helper()
		a := paceline.Action{Key: campaign + "/" + lead + "/" + string(kind), At: when, Account: account, Kind: kind,
			Lead: lead, Campaign: campaign, Step: string(kind), Result: paceline.ResultDone}
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	event := func(when time.Time, account string, typ paceline.EventKind, lead string) {
		t.Helper()
		e := paceline.Event{Key: account + "/" + lead + "/" + string(typ), At: when, Account: account, Lead: lead, Type: typ}
		if _, err := st.RecordEvent(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	// Nina wrote to acme long before any campaign: an earlier conversation.
	event(at(-10, 0), "acme", paceline.EventReplied, "nina-roe")
	// Globex invites Frank and Heidi; Heidi answers the invite's note.
	act(at(0, 0), "globex", "globex-q4", paceline.KindInvite, "frank-lee")
	act(at(0, 1), "globex", "globex-q4", paceline.KindInvite, "heidi-ortiz")
	event(at(2, 0), "globex", paceline.EventReplied, "heidi-ortiz")
	// acme-q4 invites three; Eve and Dan accept acme's invites.
	act(at(0, 2), "acme", "acme-q4", paceline.KindInvite, "eve-adams")
	act(at(0, 3), "acme", "acme-q4", paceline.KindInvite, "dan-smith")
	act(at(0, 4), "acme", "acme-q4", paceline.KindInvite, "judy-lee")
	event(at(1, 0), "acme", paceline.EventAccepted, "eve-adams")
	event(at(1, 1), "acme", paceline.EventAccepted, "dan-smith")

	type counts struct{ invited, accepted, messaged, replied, invites int }
	check := func(when string, want map[string]counts) {
		t.Helper()
		funnels, err := api.CampaignFunnels(ctx, st, st, time.Now(), api.DefaultFunnelDays)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]api.Funnel{}
		for _, f := range funnels {
			byName[f.Campaign] = f
		}
		for name, w := range want {
			f := byName[name]
			got := counts{f.Invited, f.Accepted, f.Messaged, f.Replied, w.invites}
			if got != w {
				t.Errorf("%s: %s's funnel: invited %d, accepted %d, messaged %d, replied %d; want %d, %d, %d, %d",
					when, name, f.Invited, f.Accepted, f.Messaged, f.Replied, w.invited, w.accepted, w.messaged, w.replied)
			}
			var s campaignStatus
			if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", name, "--json")), &s); err != nil {
				t.Fatal(err)
			}
			if s.Actions[string(paceline.KindInvite)] != w.invites || s.Accepted != f.Accepted || s.Replied != f.Replied {
				t.Errorf("%s: campaigns status %s: invites %d, accepted %d, replied %d; want %d invites and the funnel's %d accepted, %d replied",
					when, name, s.Actions[string(paceline.KindInvite)], s.Accepted, s.Replied, w.invites, f.Accepted, f.Replied)
			}
		}
	}
	acmeQ4 := counts{invited: 3, accepted: 2, invites: 3}
	check("before acme-q4b", map[string]counts{
		"globex-q4": {invited: 2, replied: 1, invites: 2},
		"acme-q4":   acmeQ4,
	})

	mustCLI(t, db, "campaigns", "start", "acme-q4")
	mustCLI(t, db, "campaigns", "stop", "acme-q4")
	check("after acme-q4 stopped", map[string]counts{"acme-q4": acmeQ4})

	// acme-q4b: it messages the two who accepted acme-q4, invites
	// Frank (invited by globex already) and Nina, withdraws Judy's invite. Frank
	// accepts acme's invite; Eve and Dan answer acme-q4b's messages.
	act(at(7, 0), "acme", "acme-q4b", paceline.KindMessage, "eve-adams")
	act(at(7, 1), "acme", "acme-q4b", paceline.KindMessage, "dan-smith")
	act(at(10, 0), "acme", "acme-q4b", paceline.KindInvite, "frank-lee")
	act(at(10, 1), "acme", "acme-q4b", paceline.KindInvite, "nina-roe")
	act(at(12, 0), "acme", "acme-q4b", paceline.KindWithdraw, "judy-lee")
	event(at(7, 5), "acme", paceline.EventReplied, "eve-adams")
	event(at(8, 0), "acme", paceline.EventReplied, "dan-smith")
	event(at(11, 0), "acme", paceline.EventAccepted, "frank-lee")
	check("after acme-q4b", map[string]counts{
		"globex-q4": {invited: 2, replied: 1, invites: 2},
		"acme-q4":   acmeQ4,
		"acme-q4b":  {invited: 2, accepted: 1, messaged: 2, replied: 2, invites: 2},
	})
}
