package assist_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// A task nobody did expires at 17:00 in the account's zone, not in UTC: its slot is
// released, and it comes back at a slot the Pacer gives on the next working day.
func TestSweepExpiresAtTheEndOfTheLocalWorkingDay(t *testing.T) {
	t.Parallel()
	ny, _ := time.LoadLocation("America/New_York")
	// Friday 16:30 in New York; the DST change of Sunday 8 March 2026 lies before the
	// next working day, so the next window opens at 09:00 EDT.
	fri := time.Date(2026, 3, 6, 16, 30, 0, 0, ny)
	d, st, c := newDesk(t, "America/New_York", fri)
	ctx := context.Background()
	task := handOff(t, d, st, invite("q1/ada/connect", "ada", fri), "Hi")
	if n := counted(t, st); n != 1 {
		t.Fatalf("%d counted actions after the hand-off, want the slot reserved", n)
	}

	c.t = time.Date(2026, 3, 6, 16, 59, 59, 0, ny)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res != (assist.SweepResult{}) {
		t.Fatalf("sweep before 17:00: %+v %v", res, err)
	}
	c.t = time.Date(2026, 3, 6, 17, 0, 0, 0, ny)
	res, err := d.Sweep(ctx, "alice")
	if err != nil || res.Expired != 1 || res.Offered != 0 {
		t.Fatalf("sweep at 17:00: %+v %v", res, err)
	}
	got, _ := st.Task(ctx, task.ID)
	if got.State != paceline.TaskPlanned || got.Attempt != 2 || got.Outcome != "expired" {
		t.Fatalf("after expiry: %+v", got)
	}
	if n := counted(t, st); n != 0 {
		t.Fatalf("%d counted actions after expiry, want the slot released", n)
	}
	// It cannot be done before its next slot.
	if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeSent}); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Fatalf("done while planned: %v, want EINVALID", err)
	}
	// Saturday: no slot; the task's due moves to Monday's window.
	c.t = time.Date(2026, 3, 7, 12, 0, 0, 0, ny)
	if _, err := d.Sweep(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	got, _ = st.Task(ctx, task.ID)
	mon9 := time.Date(2026, 3, 9, 9, 0, 0, 0, ny)
	if got.State != paceline.TaskPlanned || got.Due.Before(mon9) || !got.Due.Before(mon9.Add(8*time.Hour)) {
		t.Fatalf("on Saturday: state %s due %s, want planned for Monday", got.State, got.Due.In(ny))
	}
	c.t = got.Due
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 1 {
		t.Fatalf("sweep at the new slot: %+v %v", res, err)
	}
	got, _ = st.Task(ctx, task.ID)
	if got.State != paceline.TaskOffered || got.SlotKey() != "q1/ada/connect#r1" || !got.Expires.Equal(time.Date(2026, 3, 9, 17, 0, 0, 0, ny)) {
		t.Fatalf("re-offered: %+v (slot %s)", got, got.SlotKey())
	}
	if n := counted(t, st); n != 1 {
		t.Fatalf("%d counted actions after the re-offer, want 1", n)
	}
	if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeSent}); err != nil {
		t.Fatal(err)
	}
}

// A task offered MaxOffers days without anyone doing it is given up, visibly.
func TestSweepGivesUpAfterMaxOffers(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	task := handOff(t, d, st, invite("k", "ada", monday), "")
	given := 0
	for i := 0; i < 30 && given == 0; i++ {
		c.t = c.t.Add(4 * time.Hour)
		res, err := d.Sweep(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		given += res.GivenUp
	}
	got, _ := st.Task(ctx, task.ID)
	if given != 1 || got.State != paceline.TaskExpired || got.Attempt != assist.MaxOffers {
		t.Fatalf("given up %d, task %+v", given, got)
	}
	if n := counted(t, st); n != 0 {
		t.Fatalf("%d counted actions, want every slot released", n)
	}
	expired, err := st.Tasks(ctx, paceline.TaskFilter{States: []paceline.TaskState{paceline.TaskExpired}})
	if err != nil || len(expired) != 1 {
		t.Fatalf("expired list: %d %v", len(expired), err)
	}
}

// Planned tasks come back one Pacer slot at a time (the minimum gap), never all at once.
func TestSweepOffersOneSlotAtATime(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	for i := range 3 {
		handOff(t, d, st, invite(fmt.Sprintf("k%d", i), fmt.Sprintf("lead%d", i), monday.Add(time.Duration(i)*2*time.Minute)), "")
	}
	c.t = time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Expired != 3 {
		t.Fatalf("expiry: %+v %v", res, err)
	}
	offered := 0
	for c.t = time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC); offered < 3; c.t = c.t.Add(30 * time.Second) {
		res, err := d.Sweep(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if res.Offered > 1 {
			t.Fatalf("%d tasks offered by one sweep at %s", res.Offered, c.t)
		}
		offered += res.Offered
		if c.t.After(time.Date(2026, 3, 3, 17, 0, 0, 0, time.UTC)) {
			t.Fatalf("only %d tasks offered again on Tuesday", offered)
		}
	}
	acts, _ := st.Actions(ctx, "alice", time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC))
	for i := 1; i < len(acts); i++ {
		if gap := acts[i].At.Sub(acts[i-1].At); gap < paceline.DefaultMinGap {
			t.Fatalf("re-offered slots %s apart, under the minimum gap", gap)
		}
	}
}

// Leases: two agents never hold one task; a lease that runs out is offered again; the
// report of the new holder wins, the old holder's is refused while the new lease holds.
func TestLeases(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	for i := range 4 {
		handOff(t, d, st, invite(fmt.Sprintf("k%d", i), fmt.Sprintf("lead%d", i), monday), "")
	}
	var mu sync.Mutex
	held := map[int64]string{}
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task, err := d.Lease(ctx, "alice", fmt.Sprintf("agent%d", i), time.Minute)
			if paceline.ErrorCode(err) == paceline.ENOTFOUND {
				return
			}
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if prev, ok := held[task.ID]; ok {
				t.Errorf("task %d leased by %s and agent%d", task.ID, prev, i)
			}
			held[task.ID] = task.Holder
		}()
	}
	wg.Wait()
	if len(held) != 4 {
		t.Fatalf("%d tasks leased by 6 agents, want all 4", len(held))
	}
	if _, err := d.Lease(ctx, "alice", "late", time.Minute); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("lease with nothing offered: %v, want ENOTFOUND", err)
	}

	c.t = monday.Add(2 * time.Minute)
	first, err := d.Lease(ctx, "alice", "agentX", time.Minute)
	if err != nil {
		t.Fatalf("lease after expiry: %v", err)
	}
	old, _ := st.Tasks(ctx, paceline.TaskFilter{States: []paceline.TaskState{paceline.TaskLeased}})
	if len(old) != 1 || old[0].ID != first.ID || first.Holder != "agentX" {
		t.Fatalf("after lease expiry: %d leased", len(old))
	}
	if _, err := d.Finish(ctx, first.ID, assist.Report{Outcome: assist.OutcomeSent, Lease: "ls_stale"}); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("report with a stale lease: %v, want ECONFLICT", err)
	}
	if _, err := d.Finish(ctx, first.ID, assist.Report{Outcome: assist.OutcomeSent, Lease: first.LeaseID}); err != nil {
		t.Fatal(err)
	}
}

// A limit notice makes the Pacer back off: the refused task is not offered again that
// day, though the minimum gap alone would allow it minutes later.
func TestLimitNoticeBacksOff(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	task := handOff(t, d, st, invite("k", "ada", monday), "")
	c.t = monday.Add(time.Minute)
	if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeLimitNotice}); err != nil {
		t.Fatal(err)
	}
	c.t = monday.Add(10 * time.Minute)
	if _, err := d.Sweep(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Task(ctx, task.ID)
	if got.State != paceline.TaskPlanned || got.Due.Before(monday.Add(24*time.Hour)) {
		t.Fatalf("after a limit notice: state %s due %s, want planned at least a day later", got.State, got.Due)
	}
}

// The agent that held a task when its working day ended may still report it: a late
// "sent" gets the released slot back and the task is not offered again.
func TestLateReportAfterTheDayEnded(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", time.Date(2026, 3, 2, 16, 58, 0, 0, time.UTC))
	ctx := context.Background()
	task := handOff(t, d, st, invite("k", "ada", c.t), "")
	l, err := d.Lease(ctx, "alice", "agent", time.Hour)
	if err != nil || !l.LeaseUntil.Equal(time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)) {
		t.Fatalf("lease: %+v %v (a lease ends with the working day)", l, err)
	}
	c.t = time.Date(2026, 3, 2, 17, 5, 0, 0, time.UTC)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Expired != 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	if n := counted(t, st); n != 0 {
		t.Fatalf("%d counted after expiry", n)
	}
	if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeSent}); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Fatalf("a report without the lease: %v, want EINVALID", err)
	}
	got, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeSent, Lease: l.LeaseID})
	if err != nil || got.State != paceline.TaskDone || got.SlotKey() != "k" {
		t.Fatalf("late report: %+v %v", got, err)
	}
	if n := counted(t, st); n != 1 {
		t.Fatalf("%d counted after the late report, want the slot back", n)
	}
	again, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeSent, Lease: l.LeaseID})
	if err != nil || again.State != paceline.TaskDone {
		t.Fatalf("repeated late report: %+v %v", again, err)
	}
	c.t = time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 0 {
		t.Fatalf("next day: %+v %v, want nothing offered again", res, err)
	}
}
