package assist_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// A task whose lead's sequence stopped (a reply to the mailbox, an opt-out) after it
// was handed off is closed unsent at the next listing, its slot released, so no person
// sends it; a withdrawal and other leads' tasks stay. A person who had sent it before
// the listing said so may still report it sent: it counts again.
func TestSweepClosesTheTasksOfStoppedLeads(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	stopped := map[string]string{}
	d.StoppedFunc = func(_ context.Context, t *paceline.Task) (string, error) { return stopped[t.Lead], nil }
	msg := func(key, lead string, at time.Time) paceline.Action {
		return paceline.Action{Key: key, At: at, Account: "alice", Kind: paceline.KindMessage, Lead: lead, Campaign: "q1", Step: "hello"}
	}
	ada := handOff(t, d, st, msg("q1/ada/hello", "ada", monday), "Thanks for connecting")
	bob := handOff(t, d, st, msg("q1/bob/hello", "bob", monday.Add(2*time.Minute)), "Thanks for connecting")
	w := invite("q1/ada/connect/withdraw", "ada", monday.Add(4*time.Minute))
	w.Kind = paceline.KindWithdraw
	withdraw := handOff(t, d, st, w, "")
	if n := counted(t, st); n != 3 {
		t.Fatalf("%d counted actions after the hand-offs, want 3", n)
	}
	c.t = monday.Add(10 * time.Minute)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Stopped != 0 {
		t.Fatalf("sweep before anyone answered: %+v %v", res, err)
	}

	stopped["ada"] = "replied"
	res, err := d.Sweep(ctx, "alice")
	if err != nil || res.Stopped != 1 {
		t.Fatalf("sweep after ada replied: %+v %v, want one task closed", res, err)
	}
	got, _ := st.Task(ctx, ada.ID)
	if got.State != paceline.TaskSkipped || !strings.Contains(got.Outcome, "replied") {
		t.Fatalf("ada's message after her reply: %s (%s), want skipped, saying she replied", got.State, got.Outcome)
	}
	open, err := st.Tasks(ctx, paceline.TaskFilter{Account: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 2 || open[0].ID != bob.ID || open[1].ID != withdraw.ID {
		t.Fatalf("open tasks: %+v, want bob's message and ada's withdrawal", open)
	}
	if n := counted(t, st); n != 2 {
		t.Fatalf("%d counted actions after ada's task was closed, want its slot released (2)", n)
	}
	if _, err := d.Finish(ctx, ada.ID, assist.Report{Outcome: assist.OutcomeSkipped}); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("ada's closed task reported failed: %v, want ECONFLICT", err)
	}
	// Ada's message had gone out before the list was refreshed.
	if got, err = d.Finish(ctx, ada.ID, assist.Report{Outcome: assist.OutcomeSent}); err != nil || got.State != paceline.TaskDone {
		t.Fatalf("ada's closed task reported sent: %+v %v, want done", got, err)
	}
	if n := counted(t, st); n != 3 {
		t.Fatalf("%d counted actions after the late report, want ada's message counted again (3)", n)
	}
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Stopped != 0 {
		t.Fatalf("sweep after the late report: %+v %v, want nothing closed", res, err)
	}
}
