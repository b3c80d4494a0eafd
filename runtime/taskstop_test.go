package runtime_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// A task handed to a person is closed unsent when its lead's sequence stops after the
// hand-off: a reply to another account (the mailbox) or an opt-out by the CLI or the
// API. Before, the task stayed on the list and a person working through it contacted
// someone who had answered or asked to hear nothing more. Other leads' tasks stay.
func TestStoppedLeadsTasksAreClosed(t *testing.T) {
	t.Parallel()
	eachDialect(t, stoppedLeadsTasksAreClosed)
}

func stoppedLeadsTasksAreClosed(t *testing.T, open func(testing.TB) testStore) {
	ctx := context.Background()
	st := open(t)
	mailbox := addSeats(t, st, 1, start.Add(-30*24*time.Hour))[0]
	seat := &paceline.Account{
		Name: "hand", Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorAssist,
		State: paceline.AccountActive, TimeZone: "UTC", Hours: paceline.WorkingHours{Start: 0, End: 24 * 60},
		Days: paceline.DefaultWorkingDays, MinGap: time.Minute, Safety: 1, CreatedAt: start.Add(-30 * 24 * time.Hour),
	}
	if err := st.CreateAccount(ctx, seat); err != nil {
		t.Fatal(err)
	}
	c := &paceline.Campaign{Name: "v", Sequence: visitsSequence, Accounts: []string{seat.Name}, State: paceline.CampaignActive}
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for _, l := range []*paceline.Lead{{ProfileKey: "ada-l", FirstName: "Ada"}, {ProfileKey: "bob-b", FirstName: "Bob"}, {ProfileKey: "cy-c", FirstName: "Cy"}} {
		recs = append(recs, paceline.EnrollmentRecord{Lead: l.RuntimeRef(), Account: seat.Name, LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "v", recs); err != nil {
		t.Fatal(err)
	}
	v := &virtual{now: start}
	desk := &assist.Desk{Store: st, NowFunc: v.Now, StoppedFunc: runtime.LeadStopped(st)}
	r := &runtime.Runner{Store: st, Clock: v, Executor: &assist.Router{Accounts: st, Desk: desk}, Seed: 1}
	runtimetest.TickFor(t, r, seat.Name, &v.now, time.Hour)
	openTasks := func() map[string]*paceline.Task {
		t.Helper()
		if _, err := desk.Sweep(ctx, seat.Name); err != nil {
			t.Fatal(err)
		}
		list, err := st.Tasks(ctx, paceline.TaskFilter{Account: seat.Name})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]*paceline.Task{}
		for _, task := range list {
			m[task.Lead] = task
		}
		return m
	}
	handed := openTasks()
	if len(handed) != 3 {
		t.Fatalf("open tasks after an hour: %v, want a visit for each of the three leads", handed)
	}
	// Ada answers the mailbox's email; Cy is opted out by the CLI (suppressed, no event).
	reply := paceline.Event{Key: "reply", At: v.now, Account: mailbox, Lead: "ada-l", Type: paceline.EventReplied, Kind: paceline.KindEmail}
	if _, err := st.RecordEvent(ctx, &reply); err != nil {
		t.Fatal(err)
	}
	if err := st.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "cy-c"}}, "asked by phone"); err != nil {
		t.Fatal(err)
	}
	// Cy's task closes at once; Ada's when the seat's tick has seen her reply.
	if got := openTasks(); got["cy-c"] != nil || got["ada-l"] == nil {
		t.Fatalf("open tasks after cy opted out: %v, want cy's closed", got)
	}
	runtimetest.TickFor(t, r, seat.Name, &v.now, time.Minute)
	got := openTasks()
	if got["ada-l"] != nil || got["cy-c"] != nil || got["bob-b"] == nil {
		t.Fatalf("open tasks after ada replied and cy opted out: %v, want bob's only", got)
	}
	for _, lead := range []string{"ada-l", "cy-c"} {
		task, err := st.TaskByKey(ctx, handed[lead].Key)
		if err != nil {
			t.Fatal(err)
		}
		if task.State != paceline.TaskSkipped || !strings.Contains(task.Outcome, "lead stopped") {
			t.Errorf("%s's task: %s (%s), want skipped, saying the lead stopped", lead, task.State, task.Outcome)
		}
	}
}
