package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
)

// A task an agent holds under a live lease may be being sent right now: the desk's own
// sweep leaves it to its lease and an erasure refuses. A stop leaves it too (its slot
// still counted, so the account's Pacer does not count an invite fewer while the agent
// sends it) and says so; once the lease ends unreported, the desk's sweep closes it
// unsent, its lead's enrollment stopped by the campaign, and releases the slot.
func TestStopCampaignLeavesALiveLeaseToItsAgent(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "q9", Accounts: []string{"alice"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Store.AddEnrollments(ctx, "q9", []paceline.EnrollmentRecord{{Lead: "in:ada", Account: "alice", LeadFacts: "{}", Started: apitest.Now}}); err != nil {
		t.Fatal(err)
	}
	tk := &paceline.Task{Account: "alice", Key: "q9/in:ada/a", Kind: paceline.KindInvite, Lead: "in:ada", Campaign: "q9", Step: "a",
		State: paceline.TaskLeased, Holder: "agent-1", LeaseID: "l1", LeaseUntil: apitest.Now.Add(10 * time.Minute),
		Due: apitest.Now, Expires: apitest.Now.Add(8 * time.Hour)}
	if _, err := f.Store.CreateTask(ctx, tk); err != nil {
		t.Fatal(err)
	}
	if err := f.Store.UpdateTask(ctx, tk, paceline.TaskLeased); err != nil { // CreateTask stores no lease
		t.Fatal(err)
	}
	slot := paceline.Action{Key: tk.Key, At: apitest.Now, Account: "alice", Kind: paceline.KindInvite, Lead: "in:ada", Result: paceline.ResultDone, Campaign: "q9", Step: "a"}
	if err := f.Store.RecordAction(ctx, &slot); err != nil {
		t.Fatal(err)
	}
	res, err := api.StopCampaign(ctx, f.Store, "q9")
	if err != nil {
		t.Fatal(err)
	}
	if res.Ended != (paceline.CampaignStop{Enrollments: 1, LeftToAgents: 1}) {
		t.Errorf("stop: %+v; want 1 enrollment stopped, no task closed, 1 left to its agent", res.Ended)
	}
	wantTask := func(when string, state paceline.TaskState, result paceline.ActionResult) {
		t.Helper()
		got, err := f.Store.Task(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := f.Store.ActionByKey(ctx, tk.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != state || a.Result != result {
			t.Fatalf("%s: task %s %q, its slot %s; want %s, slot %s", when, got.State, got.Outcome, a.Result, state, result)
		}
	}
	wantTask("after the stop", paceline.TaskLeased, paceline.ResultDone)

	at := apitest.Now.Add(5 * time.Minute)
	desk := &assist.Desk{Store: f.Store, NowFunc: func() time.Time { return at }, StoppedFunc: runtime.LeadStopped(f.Store),
		CampaignPausedFunc: runtime.CampaignPaused(f.Store)}
	if _, err := desk.Sweep(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	wantTask("a sweep while the lease runs", paceline.TaskLeased, paceline.ResultDone)

	at = apitest.Now.Add(11 * time.Minute)
	if _, err := desk.Sweep(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	wantTask("a sweep after the lease ended", paceline.TaskSkipped, paceline.ResultFailed)
}
