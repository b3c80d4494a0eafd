package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/paceline/paceline"
)

// testCampaignSnapshots checks CampaignSnapshots, what the variant report reads: the
// snapshots of every enrollment of one campaign, running and ended, oldest first,
// none of another campaign's and none of an enrollment no tick has saved; an unknown
// campaign is ENOTFOUND.
func testCampaignSnapshots(t *testing.T, s Store) {
	rs, ok := s.(RuntimeStore)
	if !ok {
		t.Fatalf("%T does not keep the runtime's tables", s)
	}
	ss, ok := s.(interface {
		CampaignSnapshots(ctx context.Context, campaign string) ([]string, error)
	})
	if !ok {
		t.Fatalf("%T cannot list a campaign's snapshots", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "alice")
	for _, name := range []string{"v1", "v2"} {
		if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: name, Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := ss.CampaignSnapshots(ctx, "v1"); err != nil || len(got) != 0 {
		t.Fatalf("a campaign without enrollments: %q, %v", got, err)
	}
	enroll := func(campaign string, leads ...string) {
		var recs []paceline.EnrollmentRecord
		for _, l := range leads {
			recs = append(recs, paceline.EnrollmentRecord{Lead: l, Account: "alice", LeadFacts: "{}", Started: Clock})
		}
		if _, err := rs.AddEnrollments(ctx, campaign, recs); err != nil {
			t.Fatal(err)
		}
	}
	enroll("v1", "ada", "bea", "cy")
	enroll("v2", "dee")
	running, err := rs.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 4 {
		t.Fatalf("running: %+v, %v", running, err)
	}
	ada, bea, dee := running[0], running[1], running[3]
	ada.State, ada.Step, ada.Ended, ada.Snapshot = paceline.EnrollmentFinished, -1, Clock, `{"step":-1,"variants":[{"step":"a","variant":"x","sent":true}]}`
	bea.State, bea.Snapshot = paceline.EnrollmentWaiting, `{"step":0}`
	dee.State, dee.Snapshot = paceline.EnrollmentWaiting, `{"step":2}`
	if err := rs.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{ada, bea, dee}, 0, Clock); err != nil {
		t.Fatal(err)
	}
	got, err := ss.CampaignSnapshots(ctx, "v1")
	if want := []string{ada.Snapshot, bea.Snapshot}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("snapshots of v1 = %q, %v; want %q (the ended one too, not cy's empty one nor v2's)", got, err, want)
	}
	// A paused campaign still reports.
	if err := rs.SetCampaignState(ctx, "v1", paceline.CampaignPaused, "x"); err != nil {
		t.Fatal(err)
	}
	if got, err := ss.CampaignSnapshots(ctx, "v1"); err != nil || len(got) != 2 {
		t.Fatalf("snapshots of a paused campaign: %q, %v", got, err)
	}
	if _, err := ss.CampaignSnapshots(ctx, "nope"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("unknown campaign: %v", err)
	}
}
