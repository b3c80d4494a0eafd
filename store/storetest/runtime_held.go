package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testLeadFacts checks SetLeadFacts, what resuming a held step writes: it replaces
// one enrollment's lead facts and nothing else, a tick's SaveTick leaves them alone,
// and an unknown enrollment is ENOTFOUND.
func testLeadFacts(t *testing.T, s Store) {
	rs, ok := s.(RuntimeStore)
	if !ok {
		t.Fatalf("%T does not keep the runtime's tables", s)
	}
	fs, ok := s.(interface {
		SetLeadFacts(ctx context.Context, id int64, facts string) error
	})
	if !ok {
		t.Fatalf("%T cannot set an enrollment's lead facts", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "alice")
	if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	recs := []paceline.EnrollmentRecord{
		{Lead: "ada", Account: "alice", LeadFacts: `{"first_name":"Ada"}`, Started: Clock},
		{Lead: "bea", Account: "alice", LeadFacts: `{"first_name":"Bea"}`, Started: Clock},
	}
	if _, err := rs.AddEnrollments(ctx, "q1", recs); err != nil {
		t.Fatal(err)
	}
	running, err := rs.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 2 {
		t.Fatalf("running: %+v, %v", running, err)
	}
	ada := running[0]
	ada.State, ada.Snapshot, ada.Due = paceline.EnrollmentWaiting, `{"state":4}`, Clock
	if err := rs.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{ada}, 0, Clock); err != nil {
		t.Fatal(err)
	}
	const fixed = `{"first_name":"Ada","company":"Acme"}`
	if err := fs.SetLeadFacts(ctx, ada.ID, fixed); err != nil {
		t.Fatal(err)
	}
	// A tick that read the enrollment before the change saves it after: the facts stay.
	if err := rs.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{ada}, 0, Clock.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	running, err = rs.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 2 {
		t.Fatalf("running: %+v, %v", running, err)
	}
	if got := running[0]; got.LeadFacts != fixed || got.Snapshot != `{"state":4}` || got.State != paceline.EnrollmentWaiting {
		t.Errorf("ada after SetLeadFacts and a tick: %+v", got)
	}
	if got := running[1]; got.LeadFacts != recs[1].LeadFacts {
		t.Errorf("bea's facts changed to %s", got.LeadFacts)
	}
	wantCode(t, fs.SetLeadFacts(ctx, ada.ID+1000, fixed), paceline.ENOTFOUND)
}
