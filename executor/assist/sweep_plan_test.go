package assist_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// Tasks waiting for a slot each show their own slot of the Pacer's plan, not all the
// next one: the demo listed 73 invites "planned for Mon 12 Jan 09:11" on an account
// with about 19 slots a day, 90 s apart at least.
func TestSweepPlansEachWaitingTaskAtItsOwnSlot(t *testing.T) {
	t.Parallel()
	ny, _ := time.LoadLocation("America/New_York")
	fri := time.Date(2026, 3, 6, 16, 30, 0, 0, ny)
	d, st, c := newDesk(t, "America/New_York", fri)
	ctx := context.Background()
	const n = 4
	var ids []int64
	for i := range n {
		task := handOff(t, d, st, invite(fmt.Sprintf("q1/l%d/connect", i), fmt.Sprintf("l%d", i), fri.Add(time.Duration(i)*2*time.Minute)), "Hi")
		ids = append(ids, task.ID)
	}
	// The working day ends with the four undone; on Saturday they wait for Monday.
	c.t = time.Date(2026, 3, 6, 17, 0, 0, 0, ny)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Expired != n {
		t.Fatalf("sweep at 17:00: %+v %v", res, err)
	}
	c.t = time.Date(2026, 3, 7, 12, 0, 0, 0, ny)
	if _, err := d.Sweep(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	due := func() []time.Time {
		t.Helper()
		var out []time.Time
		for _, id := range ids {
			task, err := st.Task(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if task.State == paceline.TaskPlanned {
				out = append(out, task.Due)
			}
		}
		return out
	}
	// What `paceline limits plan` would say: the account's next invite slots from now.
	acct, err := st.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		t.Fatal(err)
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, c.t)
	acts, _ := st.Actions(ctx, "alice", since, c.t)
	pacer, err := limits.Replay(cfg, origin, acts, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan := pacer.Plan(c.t, []limits.Request{{Kind: paceline.KindInvite, Note: true}}, n)
	got := due()
	if len(got) != n || len(plan) != n {
		t.Fatalf("%d planned tasks and %d slots in the plan, want %d of each", len(got), len(plan), n)
	}
	mon9 := time.Date(2026, 3, 9, 9, 0, 0, 0, ny)
	for i := range got {
		if !got[i].Equal(plan[i].At) {
			t.Errorf("task %d planned for %s, want the plan's slot %d, %s", ids[i], got[i].In(ny), i+1, plan[i].At.In(ny))
		}
		if got[i].Before(mon9) {
			t.Errorf("task %d planned for %s, before Monday's window", ids[i], got[i].In(ny))
		}
		if i > 0 && got[i].Sub(got[i-1]) < paceline.DefaultMinGap {
			t.Errorf("tasks %d and %d planned %s apart", ids[i-1], ids[i], got[i].Sub(got[i-1]))
		}
	}
	// At the first slot the first task is offered; the others keep their own slots.
	c.t = got[0]
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 1 {
		t.Fatalf("sweep at the first slot: %+v %v, want one offered", res, err)
	}
	if rest := due(); len(rest) != n-1 || !rest[0].Equal(got[1]) || !rest[n-2].Equal(got[n-1]) {
		t.Errorf("after the first was offered: %v, want %v", rest, got[1:])
	}
}
