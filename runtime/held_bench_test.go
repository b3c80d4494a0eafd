package runtime_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// BenchmarkHeldList lists the held steps of one account with 10,000 running
// enrollments, one in ten held: what the tasks page costs on a large database.
func BenchmarkHeldList(b *testing.B) {
	ctx := context.Background()
	st := openSQLite(b)
	names := addSeats(b, st, 1, start)
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "held", Sequence: runtimetest.HeldSequence, Accounts: names, State: paceline.CampaignActive}); err != nil {
		b.Fatal(err)
	}
	const n = 10000
	recs := make([]paceline.EnrollmentRecord, n)
	for i := range recs {
		l := &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%05d", i), FirstName: "Ada", Title: "CTO"}
		recs[i] = paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start}
	}
	if _, err := st.AddEnrollments(ctx, "held", recs); err != nil {
		b.Fatal(err)
	}
	running, err := st.RunningEnrollments(ctx, names[0])
	if err != nil {
		b.Fatal(err)
	}
	for i := range running {
		state := 1 // waiting for an event
		if i%10 == 0 {
			state = 4 // held
		}
		running[i].State, running[i].Held = paceline.EnrollmentWaiting, state == 4
		running[i].Snapshot = storedSnapshot(state)
	}
	if err := st.SaveTick(ctx, names[0], running, 0, start); err != nil {
		b.Fatal(err)
	}
	h := &runtime.HeldSteps{Store: st.(runtime.HeldStore)}
	b.ResetTimer()
	for b.Loop() {
		list, err := h.List(ctx)
		if err != nil || len(list) != n/10 {
			b.Fatalf("%d held, %v", len(list), err)
		}
	}
}

// storedSnapshot is the JSON a tick saves of an enrollment on the held campaign's
// first step in the engine state given as a number (1 waiting, 4 held).
func storedSnapshot(state int) string {
	return fmt.Sprintf(`{"step":0,"state":%d,"phase":%d,"due":"2026-03-02T08:00:00Z","started":"2026-03-02T08:00:00Z","fallback":"step hello: blank"}`,
		state, 3+2*(state/4))
}
