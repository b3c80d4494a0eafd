package runtime_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/sim"
)

// An accept that comes after the invite's wait timed out and ended the enrollment is
// credited to the invite's variant, in the enrollment's snapshot, on either store; the
// record stays ended, with its state, step, reason and end as they were.
func TestLateAcceptCreditsTheEndedEnrollment(t *testing.T) {
	t.Parallel()
	eachDialect(t, lateAcceptCreditsTheEndedEnrollment)
}

func lateAcceptCreditsTheEndedEnrollment(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	names := abCampaign(t, st)
	l := &paceline.Lead{ProfileKey: "late-lead", FirstName: "Ada", Score: 50}
	if _, err := st.AddEnrollments(ctx, "ab", []paceline.EnrollmentRecord{{Lead: l.ProfileKey, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start}}); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	// No event source: the lead answers only when the test says so.
	rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
	r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Events: nil, Seed: 1}
	runtimetest.TickFor(t, r, names[0], &v.now, 9*24*time.Hour)

	ended := func() (paceline.EnrollmentRecord, engine.Snapshot) {
		t.Helper()
		recs, err := st.LatestEndedEnrollments(ctx, names[0], []string{l.ProfileKey})
		if err != nil || len(recs) != 1 {
			t.Fatalf("the ended enrollment: %+v, %v", recs, err)
		}
		var snap engine.Snapshot
		if err := json.Unmarshal([]byte(recs[0].Snapshot), &snap); err != nil {
			t.Fatal(err)
		}
		return recs[0], snap
	}
	before, snap := ended()
	if (before.State != paceline.EnrollmentFinished && before.State != paceline.EnrollmentStopped) || len(snap.Variants) != 1 || !snap.Variants[0].Sent || snap.Variants[0].Success {
		t.Fatalf("after the wait timed out: %+v, variants %+v; want ended, one variant sent, no success", before, snap.Variants)
	}

	ev := paceline.Event{Key: "late-accept", At: v.now, Account: names[0], Lead: l.ProfileKey, Type: paceline.EventAccepted}
	if _, err := st.RecordEvent(ctx, &ev); err != nil {
		t.Fatal(err)
	}
	res, err := r.Tick(ctx, names[0])
	if err != nil {
		t.Fatal(err)
	}
	after, snap := ended()
	if res.Events != 1 || len(snap.Variants) != 1 || !snap.Variants[0].Success {
		t.Fatalf("after the late accept (%d events applied): variants %+v; want the sent one credited", res.Events, snap.Variants)
	}
	if after.State != before.State || after.Step != before.Step || after.Reason != before.Reason ||
		!after.Ended.Equal(before.Ended) || !after.Due.Equal(before.Due) {
		t.Fatalf("the record changed beyond its snapshot: %+v, was %+v", after, before)
	}
	running, err := st.RunningEnrollments(ctx, names[0])
	if err != nil || len(running) != 0 {
		t.Fatalf("running after the late accept: %+v, %v", running, err)
	}
	got, err := runtime.VariantReport(ctx, st.(runtime.VariantStore), "ab")
	if err != nil {
		t.Fatal(err)
	}
	wins := 0
	for _, vr := range got[0].Variants {
		wins += vr.Successes
	}
	if wins != 1 {
		t.Fatalf("the report credits %d accepts, want 1: %+v", wins, got[0].Variants)
	}
}

// abCampaign adds one seat and the active campaign "ab" (abSequence) it sends for,
// returning the seat's name in a slice.
func abCampaign(t *testing.T, st testStore) []string {
	t.Helper()
	names := addSeats(t, st, 1, start.Add(-30*24*time.Hour))
	c := &paceline.Campaign{Name: "ab", Sequence: abSequence, Accounts: names, State: paceline.CampaignActive}
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return names
}
