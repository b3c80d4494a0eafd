package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/sim"
)

// LinkedIn's archive imported after the campaign's first tick: its connection from
// before paceline (an EventConnected event) reaches the running enrollment whose
// invite still waits for the working day, which then sends the message and no invite.
// The lead not in the archive is invited. On either store.
func TestArchiveConnectionSparesAWaitingInvite(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := abCampaign(t, st)
		v := &virtual{now: start} // 08:00 on a Monday: the working day starts at 09:00
		rec := &recorder{Platform: sim.NewPlatform(sim.DefaultParams(), 1, st), sent: map[string][]engine.Text{}}
		r := &runtime.Runner{Store: st, Clock: v, Executor: rec, Seed: 1}
		var recs []paceline.EnrollmentRecord
		for _, key := range []string{"ada", "gus"} {
			l := &paceline.Lead{ProfileKey: key, FirstName: key, Score: 50}
			recs = append(recs, paceline.EnrollmentRecord{Lead: key, Account: names[0], LeadFacts: runtime.FactsOf(l), Started: start})
		}
		if _, err := st.AddEnrollments(ctx, "ab", recs); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Tick(ctx, names[0]); err != nil {
			t.Fatal(err)
		}
		if acts, err := st.Actions(ctx, names[0], start.Add(-time.Hour), start.Add(time.Hour)); err != nil || len(acts) != 0 {
			t.Fatalf("before 09:00: %v, %v; want nothing sent yet", acts, err)
		}
		connected := paceline.Event{Key: "archive:" + names[0] + ":connected:in:ada", At: start.Add(-300 * 24 * time.Hour),
			Account: names[0], Lead: "ada", Type: paceline.EventConnected}
		if _, err := st.RecordEvent(ctx, &connected); err != nil {
			t.Fatal(err)
		}
		v.now = start.Add(30 * time.Minute)
		runtimetest.TickFor(t, r, names[0], &v.now, 4*24*time.Hour)

		acts, err := st.Actions(ctx, names[0], start, v.now)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string][]paceline.ActionKind{}
		for _, a := range acts {
			if a.Result == paceline.ResultDone {
				kinds[a.Lead] = append(kinds[a.Lead], a.Kind)
			}
		}
		if got := kinds["ada"]; len(got) != 1 || got[0] != paceline.KindMessage {
			t.Errorf("ada, connected 300 days ago by the archive, was sent %v; want one message and no invite", got)
		}
		if got := kinds["gus"]; len(got) == 0 || got[0] != paceline.KindInvite {
			t.Errorf("gus, not connected, was sent %v; want his invite first", got)
		}
	})
}
