package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testLatestEndedEnrollments checks LatestEndedEnrollments, what a tick restores to
// credit an answer that came after its enrollment ended: per asked lead the latest
// ended enrollment on the account with a snapshot, in an active campaign; not a running
// one, not one without a snapshot, not another account's, not a paused campaign's, not
// a lead that was not asked for. Saving such a record again keeps it ended.
func testLatestEndedEnrollments(t *testing.T, s Store) {
	rs, ok := s.(RuntimeStore)
	if !ok {
		t.Fatalf("%T does not keep the runtime's tables", s)
	}
	es, ok := s.(interface {
		LatestEndedEnrollments(ctx context.Context, account string, leadKeys []string) ([]paceline.EnrollmentRecord, error)
	})
	if !ok {
		t.Fatalf("%T cannot list ended enrollments", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob")
	for _, name := range []string{"e1", "e2", "e3"} {
		if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: name, Sequence: "x", Accounts: []string{"alice", "bob"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
	}
	// enroll adds one enrollment and ends it as state with snapshot snap (running
	// when state is waiting), returning the saved record.
	enroll := func(campaign, account, lead string, state paceline.EnrollmentState, snap string) paceline.EnrollmentRecord {
		t.Helper()
		if _, err := rs.AddEnrollments(ctx, campaign, []paceline.EnrollmentRecord{{Lead: lead, Account: account, LeadFacts: "{}", Started: Clock}}); err != nil {
			t.Fatal(err)
		}
		running, err := rs.RunningEnrollments(ctx, account)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range running {
			if r.Lead != lead {
				continue
			}
			r.State, r.Snapshot, r.Reason = state, snap, "why "+lead
			if state != paceline.EnrollmentWaiting {
				r.Step, r.Ended = -1, Clock.Truncate(time.Microsecond) // what both databases keep
			}
			if err := rs.SaveTick(ctx, account, []paceline.EnrollmentRecord{r}, 0, Clock); err != nil {
				t.Fatal(err)
			}
			return r
		}
		t.Fatalf("%s was not enrolled in %s", lead, campaign)
		return paceline.EnrollmentRecord{}
	}
	enroll("e1", "alice", "ada", paceline.EnrollmentFinished, `{"step":-1,"reason":"first"}`)
	ada := enroll("e2", "alice", "ada", paceline.EnrollmentStopped, `{"step":-1,"reason":"second"}`)
	enroll("e1", "alice", "bea", paceline.EnrollmentStopped, "")
	enroll("e1", "alice", "cy", paceline.EnrollmentWaiting, `{"step":0}`)
	enroll("e1", "bob", "dee", paceline.EnrollmentFinished, `{"step":-1}`)
	enroll("e3", "alice", "eve", paceline.EnrollmentFinished, `{"step":-1}`)
	fay := enroll("e1", "alice", "fay", paceline.EnrollmentFinished, `{"step":-1,"reason":"fay"}`)
	enroll("e1", "alice", "gus", paceline.EnrollmentFinished, `{"step":-1}`)
	if err := rs.SetCampaignState(ctx, "e3", paceline.CampaignPaused, "x"); err != nil {
		t.Fatal(err)
	}

	// More keys than one query binds, so a store that batches them is checked too.
	keys := []string{"ada", "bea", "cy", "dee", "eve", "nobody"}
	for i := range 1200 {
		keys = append(keys, fmt.Sprintf("unknown-%d", i))
	}
	keys = append(keys, "fay")
	got, err := es.LatestEndedEnrollments(ctx, "alice", keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !sameRecord(got[0], ada) || !sameRecord(got[1], fay) {
		t.Fatalf("ended enrollments = %+v; want ada's latest (%+v) and fay's (%+v), nothing of bea (no snapshot), cy (running), dee (bob's), eve (paused campaign) or gus (not asked)", got, ada, fay)
	}
	if got, err := es.LatestEndedEnrollments(ctx, "alice", nil); err != nil || len(got) != 0 {
		t.Fatalf("no keys: %+v, %v", got, err)
	}

	// A tick saves a restored ended record with a new snapshot: it stays ended, and
	// is still not running.
	ada.Snapshot = `{"step":-1,"reason":"second","credited":true}`
	if err := rs.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{ada}, 0, Clock); err != nil {
		t.Fatal(err)
	}
	got, err = es.LatestEndedEnrollments(ctx, "alice", []string{"ada"})
	if err != nil || len(got) != 1 || !sameRecord(got[0], ada) {
		t.Fatalf("ada after saving again = %+v, %v; want %+v", got, err, ada)
	}
	running, err := rs.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 1 || running[0].Lead != "cy" {
		t.Fatalf("running after saving an ended record: %+v, %v", running, err)
	}
}

// sameRecord reports whether two enrollment records say the same, their instants
// compared as instants.
func sameRecord(a, b paceline.EnrollmentRecord) bool {
	return a.ID == b.ID && a.Campaign == b.Campaign && a.Lead == b.Lead && a.Account == b.Account &&
		a.Step == b.Step && a.State == b.State && a.Due.Equal(b.Due) && a.Reason == b.Reason &&
		a.LeadFacts == b.LeadFacts && a.Snapshot == b.Snapshot && a.Started.Equal(b.Started) && a.Ended.Equal(b.Ended)
}
