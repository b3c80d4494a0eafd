package assist_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// A task planned again after a limit notice can be dropped (skipped) at once, as a
// paused account's can: it holds no slot, so nothing is released and nothing counts.
// An outcome that says the action was attempted still waits for the Pacer's slot.
func TestSkipTaskPlannedAfterLimitNotice(t *testing.T) {
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
	if got, _ := st.Task(ctx, task.ID); got.State != paceline.TaskPlanned {
		t.Fatalf("after a limit notice: %s, want planned", got.State)
	}
	for _, o := range []assist.Outcome{assist.OutcomeSent, assist.OutcomeFailed, assist.OutcomeRefused} {
		if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: o}); paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("%s before the next slot: %v, want EINVALID", o, err)
		}
	}
	got, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeSkipped})
	if err != nil || got.State != paceline.TaskSkipped || got.Outcome != string(assist.OutcomeSkipped) {
		t.Fatalf("skip of the planned task: %+v %v, want it skipped", got, err)
	}
	if again, err := d.Finish(ctx, task.ID, assist.Report{Outcome: assist.OutcomeSkipped}); err != nil || again.State != paceline.TaskSkipped {
		t.Fatalf("repeated skip: %+v %v", again, err)
	}
	if n := counted(t, st); n != 0 {
		t.Fatalf("%d counted after the skip, want 0", n)
	}
	c.t = monday.Add(8 * 24 * time.Hour)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 0 {
		t.Fatalf("a week later: %+v %v, want the skipped task not offered again", res, err)
	}
	if n := counted(t, st); n != 0 {
		t.Fatalf("%d counted a week later, want 0", n)
	}
}
