package storetest

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// StopStore is a DraftStore that also ends started campaigns for good, keeps assisted
// tasks, plans steps with PlanStep's checks and counts stopped enrollments by reason.
type StopStore interface {
	DraftStore
	paceline.TaskStore
	StopCampaign(ctx context.Context, name string) (paceline.CampaignStop, error)
	PlanStep(ctx context.Context, a *paceline.Action, keys []lead.Key) (planned, optedOut bool, err error)
	StoppedReasons(ctx context.Context, campaign string) (map[string]int, error)
}

// RunCampaignStop checks that stopping a started campaign ends it for good in one
// transaction: its running enrollments stop with paceline.ReasonCampaignStopped (an
// ended one keeps its end), its open assisted tasks close unsent with their reserved
// slots released (a withdrawal and another campaign's tasks stay), a step of it is no
// longer planned, a tick that read an enrollment before cannot set it going again, it
// is never started or enrolls anyone again, and its leads can be enrolled by another
// campaign. A draft or an unknown campaign is refused and nothing changes. QA found a
// recruiter with a typo in a started sequence had no way to end it: a paused campaign
// still holds its leads.
func RunCampaignStop(t *testing.T, s StopStore) {
	t.Helper()
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob")
	for _, c := range []*paceline.Campaign{
		{Name: "q1", Sequence: "name: x", Accounts: []string{"alice", "bob"}},
		{Name: "held", Sequence: "name: x", Accounts: []string{"bob"}},
		{Name: "q2", Sequence: "name: y", Accounts: []string{"alice"}},
		{Name: "draft", Sequence: "name: z", Accounts: []string{"alice"}},
	} {
		if err := s.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetCampaignState(ctx, "q1", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	enroll := func(campaign, account string, leads ...string) int {
		t.Helper()
		var recs []paceline.EnrollmentRecord
		for _, l := range leads {
			recs = append(recs, paceline.EnrollmentRecord{Lead: l, Account: account, LeadFacts: "{}", Started: Clock})
		}
		n, err := s.AddEnrollments(ctx, campaign, recs)
		if err != nil {
			t.Fatalf("enroll %v in %s: %v", leads, campaign, err)
		}
		return n
	}
	enroll("q1", "alice", "in:ada", "in:bea", "in:cy")
	enroll("held", "bob", "in:dan")
	if err := s.SetCampaignState(ctx, "held", paceline.CampaignPaused, "typo"); err != nil {
		t.Fatal(err)
	}
	// A tick ran: bea waits for her next step, cy finished.
	running, err := s.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 3 {
		t.Fatalf("running before the stop: %d, %v", len(running), err)
	}
	for i := range running {
		switch running[i].Lead {
		case "in:bea":
			running[i].State, running[i].Step, running[i].Due = paceline.EnrollmentWaiting, 1, Clock.Add(24*time.Hour)
			running[i].Snapshot = `{}`
		case "in:cy":
			running[i].State, running[i].Step, running[i].Ended, running[i].Reason = paceline.EnrollmentFinished, -1, Clock, ""
			running[i].Snapshot = `{}`
		}
	}
	if err := s.SaveTick(ctx, "alice", running, 0, Clock); err != nil {
		t.Fatal(err)
	}
	// A paused campaign holds its lead: another campaign cannot enroll it.
	if n := enroll("q2", "alice", "in:dan"); n != 0 {
		t.Fatalf("q2 enrolled dan while campaign held runs him: %d", n)
	}

	// Assisted tasks of q1: offered (its slot reserved in the ledger), planned, leased,
	// a withdrawal, one done; and one of q2.
	// A leased task's lease runs an hour past the stop; the lapsed one's ended before.
	task := func(key, campaign string, kind paceline.ActionKind, state paceline.TaskState) *paceline.Task {
		t.Helper()
		tk := &paceline.Task{Account: "alice", Key: key, Kind: kind, Lead: "in:ada", Campaign: campaign, Step: "connect",
			State: state, Due: Clock, Expires: Clock.Add(8 * time.Hour)}
		if state == paceline.TaskLeased {
			tk.Holder, tk.LeaseID, tk.LeaseUntil = "agent", "lease-"+key, Clock.Add(time.Hour)
			if strings.HasSuffix(key, "/lapsed") {
				tk.LeaseUntil = Clock.Add(-time.Minute)
			}
		}
		if _, err := s.CreateTask(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if state == paceline.TaskLeased { // CreateTask stores no lease
			if err := s.UpdateTask(ctx, tk, state); err != nil {
				t.Fatal(err)
			}
		}
		if state != paceline.TaskPlanned {
			a := paceline.Action{Key: key, At: Clock, Account: "alice", Kind: kind, Lead: "in:ada", Result: paceline.ResultDone, Campaign: campaign, Step: "connect"}
			if err := s.RecordAction(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
		return tk
	}
	offered := task("q1/in:ada/connect", "q1", paceline.KindInvite, paceline.TaskOffered)
	planned := task("q1/in:bea/connect", "q1", paceline.KindInvite, paceline.TaskPlanned)
	leased := task("q1/in:cy/msg", "q1", paceline.KindMessage, paceline.TaskLeased)
	lapsed := task("q1/in:cy/lapsed", "q1", paceline.KindMessage, paceline.TaskLeased)
	withdraw := task("q1/in:ada/withdraw", "q1", paceline.KindWithdraw, paceline.TaskOffered)
	done := task("q1/in:ed/connect", "q1", paceline.KindInvite, paceline.TaskDone)
	other := task("q2/in:ada/connect", "q2", paceline.KindInvite, paceline.TaskOffered)

	// A draft or an unknown campaign is refused; nothing changes.
	_, err = s.StopCampaign(ctx, "draft")
	wantCode(t, err, paceline.ECONFLICT)
	if !strings.Contains(err.Error(), "campaigns delete draft") {
		t.Errorf("stop of a draft: %v; want it to point to delete", err)
	}
	if c, _ := s.Campaign(ctx, "draft"); c.State != paceline.CampaignDraft {
		t.Fatalf("a refused stop changed the draft: %s", c.State)
	}
	_, err = s.StopCampaign(ctx, "nope")
	wantCode(t, err, paceline.ENOTFOUND)

	stopAt := Clock.Truncate(Precision)
	got, err := s.StopCampaign(ctx, "q1")
	if err != nil {
		t.Fatal(err)
	}
	if got != (paceline.CampaignStop{Enrollments: 2, Tasks: 3, LeftToAgents: 1}) {
		t.Fatalf("stop q1 = %+v, want 2 enrollments (ada new, bea waiting; cy finished), 3 tasks closed and 1 left to its agent", got)
	}
	c, err := s.Campaign(ctx, "q1")
	if err != nil || c.State != paceline.CampaignStopped || c.PausedReason != "" || c.UpdatedAt.Truncate(Precision) != stopAt {
		t.Fatalf("q1 after the stop: %+v, %v", c, err)
	}
	states, _, err := s.CampaignCounts(ctx, "q1")
	if err != nil || states[paceline.EnrollmentStopped] != 2 || states[paceline.EnrollmentFinished] != 1 || len(states) != 2 {
		t.Fatalf("q1's enrollments after the stop: %v, %v; want 2 stopped, 1 finished", states, err)
	}
	if reasons, err := s.StoppedReasons(ctx, "q1"); err != nil || reasons[paceline.ReasonCampaignStopped] != 2 {
		t.Fatalf("stopped reasons: %v, %v", reasons, err)
	}
	if running, err := s.RunningEnrollments(ctx, "alice"); err != nil || len(running) != 0 {
		t.Fatalf("running on alice after the stop: %+v, %v", running, err)
	}

	// Tasks: q1's open ones closed unsent, the slots of the offered one and of the one
	// whose lease lapsed released; the one an agent holds under a live lease left to it
	// (it may be sending it: the desk's sweep closes it when the lease ends), the
	// withdrawal, the done task and q2's as they were.
	for _, tc := range []struct {
		tk     *paceline.Task
		state  paceline.TaskState
		result paceline.ActionResult // of its slot; "" for none
	}{
		{offered, paceline.TaskSkipped, paceline.ResultFailed},
		{planned, paceline.TaskSkipped, ""},
		{leased, paceline.TaskLeased, paceline.ResultDone},
		{lapsed, paceline.TaskSkipped, paceline.ResultFailed},
		{withdraw, paceline.TaskOffered, paceline.ResultDone},
		{done, paceline.TaskDone, paceline.ResultDone},
		{other, paceline.TaskOffered, paceline.ResultDone},
	} {
		stored, err := s.Task(ctx, tc.tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.State != tc.state {
			t.Errorf("task %s: %s, want %s", tc.tk.Key, stored.State, tc.state)
		}
		if tc.state == paceline.TaskSkipped {
			if stored.Outcome != "not sent, lead stopped: "+paceline.ReasonCampaignStopped || stored.DoneAt.IsZero() || stored.Holder != "" {
				t.Errorf("closed task %s: outcome %q, done %v, holder %q", tc.tk.Key, stored.Outcome, stored.DoneAt, stored.Holder)
			}
		}
		if tc.result == "" {
			continue
		}
		a, _, err := s.ActionByKey(ctx, tc.tk.Key)
		if err != nil {
			t.Fatal(err)
		}
		if a.Result != tc.result {
			t.Errorf("slot of task %s: %s, want %s", tc.tk.Key, a.Result, tc.result)
		}
	}

	// Nothing of q1 goes out after: a worker's step of it is not planned, and a tick
	// that read bea before the stop cannot set her going again.
	step := paceline.Action{Key: "q1/in:bea/follow", At: Clock, Account: "alice", Kind: paceline.KindMessage, Lead: "in:bea", Campaign: "q1", Step: "follow"}
	if ok, out, err := s.PlanStep(ctx, &step, nil); err != nil || ok || out {
		t.Fatalf("PlanStep of a stopped campaign: planned %v, opted out %v, %v", ok, out, err)
	}
	for i := range running {
		if running[i].Lead == "in:bea" {
			running[i].State, running[i].Step = paceline.EnrollmentActive, 2
			if err := s.SaveTick(ctx, "alice", running[i:i+1], 0, Clock); err != nil {
				t.Fatal(err)
			}
		}
	}
	if states, _, _ := s.CampaignCounts(ctx, "q1"); states[paceline.EnrollmentStopped] != 2 {
		t.Fatalf("a late tick set a stopped enrollment going again: %v", states)
	}

	// Never started, enrolled into, changed or stopped again; a pause (the engine's,
	// in a tick that read it before) leaves it stopped.
	err = s.SetCampaignState(ctx, "q1", paceline.CampaignActive, "")
	wantCode(t, err, paceline.ECONFLICT)
	if !strings.Contains(err.Error(), "stopped") {
		t.Errorf("start of a stopped campaign: %v", err)
	}
	if _, err := s.AddEnrollments(ctx, "q1", []paceline.EnrollmentRecord{{Lead: "in:fay", Account: "alice", LeadFacts: "{}", Started: Clock}}); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("enroll in a stopped campaign: %v, want ECONFLICT", err)
	}
	if _, err := s.AddEnrollments(ctx, "q1", nil); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("a start of a stopped campaign that finds nobody new: %v, want ECONFLICT", err)
	}
	if err := s.SetCampaignState(ctx, "q1", paceline.CampaignPaused, "low acceptance"); err != nil {
		t.Fatalf("pause of a stopped campaign: %v", err)
	}
	wantCode(t, s.ReplaceDraftCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "name: fixed", Accounts: []string{"alice"}}), paceline.ECONFLICT)
	wantCode(t, s.DeleteDraftCampaign(ctx, "q1"), paceline.ECONFLICT)
	_, err = s.StopCampaign(ctx, "q1")
	wantCode(t, err, paceline.ECONFLICT)
	if c, _ := s.Campaign(ctx, "q1"); c.State != paceline.CampaignStopped || c.Sequence != "name: x" {
		t.Fatalf("q1 after the refusals: %+v", c)
	}
	if states, _, _ := s.CampaignCounts(ctx, "q1"); states[paceline.EnrollmentStopped] != 2 || len(states) != 2 {
		t.Fatalf("q1's enrollments after the refusals: %v", states)
	}

	// A paused campaign stops too, and frees its lead for another campaign.
	if got, err := s.StopCampaign(ctx, "held"); err != nil || got.Enrollments != 1 {
		t.Fatalf("stop of a paused campaign: %+v, %v", got, err)
	}
	if n := enroll("q2", "alice", "in:dan", "in:ada", "in:bea"); n != 3 {
		t.Fatalf("q2 enrolled %d of the stopped campaigns' leads, want 3", n)
	}
}

// RunCampaignStopRace checks that a stop and a start of the same campaign running at
// once never leave a lead running in a stopped campaign, where it would be held for
// good: either the start's enrollments commit first and the stop ends them too, or the
// start finds the campaign stopped and enrolls nobody.
func RunCampaignStopRace(t *testing.T, s StopStore) {
	t.Helper()
	ctx := context.Background()
	withAccounts(t, s, "alice")
	const rounds = 12
	for i := range rounds {
		name := "r" + strconv.Itoa(i)
		if err := s.CreateCampaign(ctx, &paceline.Campaign{Name: name, Sequence: "name: x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddEnrollments(ctx, name, []paceline.EnrollmentRecord{{Lead: "in:first-" + name, Account: "alice", LeadFacts: "{}", Started: Clock}}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, errs[0] = s.StopCampaign(ctx, name)
		}()
		go func() {
			defer wg.Done()
			_, errs[1] = s.AddEnrollments(ctx, name, []paceline.EnrollmentRecord{{Lead: "in:late-" + name, Account: "alice", LeadFacts: "{}", Started: Clock}})
			if paceline.ErrorCode(errs[1]) == paceline.ECONFLICT {
				errs[1] = nil // it came after the stop: refused, as it must be
			}
		}()
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", i, err)
			}
		}
		states, _, err := s.CampaignCounts(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		for st, n := range states {
			if st.Running() && n > 0 {
				t.Fatalf("round %d: %d enrollments %s in the stopped campaign %s: %v", i, n, st, name, states)
			}
		}
	}
}
