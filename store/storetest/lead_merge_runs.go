package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// testImportMergeStopsASecondRun is QA's repro: one person imported twice, by profile
// into list A and by Sales Navigator id into list B, runs in campaign ca on alice and
// in cb on bob under the two references; a third file names both and merges the two
// leads. The merged person must be left in one running enrollment, the one started
// first, or the one that has already contacted them when only one has; the other
// stops with a reason naming the lead and the campaign that goes on.
func testImportMergeStopsASecondRun(t *testing.T, open LeadOpenFunc) {
	const (
		profile = "carl-nu"
		sales   = "sales:ACwAAAzzz111"
		both    = "first_name,last_name,profile_url,sales_navigator_url\n" +
			"Carl,Nu,https://www.linkedin.com/in/carl-nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n"
	)
	for _, tt := range []struct {
		name      string
		contacted string // the reference whose campaign has acted on the person, if any
		keep      string
		keepIn    string
	}{
		{"the one started first goes on", "", profile, "ca"},
		{"the one that contacted the person goes on", sales, sales, "cb"},
		{"both contacted: the one started first goes on", "both", profile, "ca"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, rs := openRuntime(t, open)
			s := db.LeadStore
			mustImport(t, s, "first_name,last_name,profile_url\nCarl,Nu,https://www.linkedin.com/in/carl-nu\n", lead.ImportOptions{List: "A"})
			mustImport(t, s, "first_name,last_name,profile_url\nCarl,Nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n", lead.ImportOptions{List: "B"})
			withAccounts(t, s, "alice", "bob")
			at := Clock.Truncate(Precision)
			for i, c := range []struct{ name, account, ref string }{{"ca", "alice", profile}, {"cb", "bob", sales}} {
				if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: c.name, Sequence: "x", List: string(rune('A' + i)),
					Accounts: []string{c.account}, State: paceline.CampaignActive}); err != nil {
					t.Fatal(err)
				}
				started := at.Add(time.Duration(i) * time.Minute)
				if n, err := rs.AddEnrollments(ctx, c.name, []paceline.EnrollmentRecord{{Lead: c.ref, Account: c.account,
					LeadFacts: "{}", Started: started}}); err != nil || n != 1 {
					t.Fatalf("enroll %s in %s: %d, %v", c.ref, c.name, n, err)
				}
				if tt.contacted == c.ref || tt.contacted == "both" {
					if err := rs.RecordAction(ctx, &paceline.Action{Key: c.name + "/" + c.ref + "/connect", At: started.Add(time.Minute),
						Account: c.account, Kind: paceline.KindInvite, Lead: c.ref, Result: paceline.ResultDone,
						Campaign: c.name, Step: "connect"}); err != nil {
						t.Fatal(err)
					}
				}
			}
			rep := mustImport(t, s, both, lead.ImportOptions{})
			if rep.Merged != 1 {
				t.Fatalf("the third file merged %d leads, want 1", rep.Merged)
			}
			merged := mustLeadByKey(t, s, "in", "carl-nu")
			rows, err := db.Rows(`SELECT lead, state, reason FROM enrollments ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			running, stopped := 0, ""
			for _, r := range rows {
				f := strings.Fields(r)
				switch {
				case len(f) >= 2 && f[1] != string(paceline.EnrollmentStopped):
					running++
					if f[0] != tt.keep {
						t.Errorf("%s goes on, want %s", f[0], tt.keep)
					}
				case len(f) >= 2:
					stopped = r
				}
			}
			if running != 1 {
				t.Fatalf("after the merge %d enrollments run (%q), want 1", running, rows)
			}
			for _, want := range []string{fmt.Sprintf("merged into lead %d", merged.ID), "campaign " + tt.keepIn} {
				if !strings.Contains(stopped, want) {
					t.Errorf("the stopped enrollment %q does not say %q", stopped, want)
				}
			}
			// The same file again merges nothing and stops nothing more.
			mustImport(t, s, both, lead.ImportOptions{})
			again, err := db.Rows(`SELECT lead, state, reason FROM enrollments ORDER BY id`)
			if err != nil || strings.Join(again, "|") != strings.Join(rows, "|") {
				t.Errorf("a second import changed the enrollments: %q, then %q (%v)", rows, again, err)
			}
		})
	}
}

// testImportMergeKeepsALoneRun merges two leads of which only one runs: it goes on.
func testImportMergeKeepsALoneRun(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db, rs := openRuntime(t, open)
	s := db.LeadStore
	mustImport(t, s, "profile_url\nhttps://www.linkedin.com/in/dee-o\n", lead.ImportOptions{})
	mustImport(t, s, "email\ndee@acme.com\n", lead.ImportOptions{})
	withAccounts(t, s, "alice")
	if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: "ca", Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.AddEnrollments(ctx, "ca", []paceline.EnrollmentRecord{{Lead: "email:dee@acme.com", Account: "alice", LeadFacts: "{}", Started: Clock}}); err != nil {
		t.Fatal(err)
	}
	if rep := mustImport(t, s, "profile_url,email\nhttps://www.linkedin.com/in/dee-o,dee@acme.com\n", lead.ImportOptions{}); rep.Merged != 1 {
		t.Fatalf("merged %d leads, want 1", rep.Merged)
	}
	rows, err := db.Rows(`SELECT lead, state FROM enrollments`)
	if err != nil || len(rows) != 1 || strings.Contains(rows[0], "stopped") {
		t.Errorf("enrollments after the merge: %q (%v), want email:dee@acme.com still running", rows, err)
	}
}

// testTickKeepsAMergeStop is a tick that read an enrollment as running before an
// import's merge stopped it, and saves it after: the stop stays.
func testTickKeepsAMergeStop(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db, rs := openRuntime(t, open)
	s := db.LeadStore
	mustImport(t, s, "profile_url\nhttps://www.linkedin.com/in/dee-o\n", lead.ImportOptions{})
	mustImport(t, s, "email\ndee@acme.com\n", lead.ImportOptions{})
	withAccounts(t, s, "alice", "bob")
	at := Clock.Truncate(Precision)
	for i, c := range []struct{ name, account, ref string }{{"ca", "alice", "dee-o"}, {"cb", "bob", "email:dee@acme.com"}} {
		if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: c.name, Sequence: "x", Accounts: []string{c.account}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
		if _, err := rs.AddEnrollments(ctx, c.name, []paceline.EnrollmentRecord{{Lead: c.ref, Account: c.account, LeadFacts: "{}",
			Started: at.Add(time.Duration(i) * time.Minute)}}); err != nil {
			t.Fatal(err)
		}
	}
	read, err := rs.RunningEnrollments(ctx, "bob")
	if err != nil || len(read) != 1 {
		t.Fatalf("bob runs %+v, %v; want cb's enrollment", read, err)
	}
	mustImport(t, s, "profile_url,email\nhttps://www.linkedin.com/in/dee-o,dee@acme.com\n", lead.ImportOptions{})
	rec := read[0]
	rec.State, rec.Step, rec.Snapshot = paceline.EnrollmentWaiting, 0, `{"step":0,"state":1}`
	if err := rs.SaveTick(ctx, "bob", []paceline.EnrollmentRecord{rec}, 0, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err := rs.RunningEnrollments(ctx, "bob"); err != nil || len(got) != 0 {
		t.Errorf("after the tick saved: bob runs %+v (%v), want cb's enrollment stopped by the merge", got, err)
	}
	rows, err := db.Rows(`SELECT state, reason FROM enrollments WHERE lead = 'email:dee@acme.com'`)
	if err != nil || len(rows) != 1 || !strings.Contains(rows[0], "merged into lead") {
		t.Errorf("cb's enrollment: %q (%v), want stopped by the merge", rows, err)
	}
}
