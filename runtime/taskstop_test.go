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

// A task handed to a person is closed unsent when its lead answers after the
// hand-off: a reply to another account (the mailbox) or to the seat (posted through
// the API), or an opt-out by the CLI or the API; at once, without waiting for the
// seat's next tick. Before, the task stayed on the list and a person working through
// it contacted someone who had answered or asked to hear nothing more. Other leads'
// tasks stay.
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
	for _, l := range []*paceline.Lead{{ProfileKey: "ada-l", FirstName: "Ada"}, {ProfileKey: "bob-b", FirstName: "Bob"}, {ProfileKey: "cy-c", FirstName: "Cy"}, {ProfileKey: "dee-d", FirstName: "Dee"}} {
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
	if len(handed) != 4 {
		t.Fatalf("open tasks after an hour: %v, want a visit for each of the four leads", handed)
	}
	// Ada answers the mailbox's email; Bob's reply on LinkedIn is posted to the seat
	// through the API; Cy is opted out by the CLI (suppressed, no event).
	reply := paceline.Event{Key: "reply", At: v.now, Account: mailbox, Lead: "ada-l", Type: paceline.EventReplied, Kind: paceline.KindEmail}
	if _, err := st.RecordEvent(ctx, &reply); err != nil {
		t.Fatal(err)
	}
	bobReply := paceline.Event{Key: "bob-reply", At: v.now, Account: seat.Name, Lead: "bob-b", Type: paceline.EventReplied}
	if _, err := st.RecordEvent(ctx, &bobReply); err != nil {
		t.Fatal(err)
	}
	if err := st.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "cy-c"}}, "asked by phone"); err != nil {
		t.Fatal(err)
	}
	// Both close at once, before the seat's next tick (which may be days away when
	// every lead waits) has stopped their enrollments; so do they after it.
	if got := openTasks(); len(got) != 1 || got["dee-d"] == nil {
		t.Fatalf("open tasks after ada and bob replied and cy opted out: %v, want dee's only", got)
	}
	runtimetest.TickFor(t, r, seat.Name, &v.now, time.Minute)
	got := openTasks()
	if len(got) != 1 || got["dee-d"] == nil {
		t.Fatalf("open tasks after the next tick: %v, want dee's only", got)
	}
	for _, lead := range []string{"ada-l", "bob-b", "cy-c"} {
		task, err := st.TaskByKey(ctx, handed[lead].Key)
		if err != nil {
			t.Fatal(err)
		}
		if task.State != paceline.TaskSkipped || !strings.Contains(task.Outcome, "lead stopped") {
			t.Errorf("%s's task: %s (%s), want skipped, saying the lead stopped", lead, task.State, task.Outcome)
		}
	}
}
