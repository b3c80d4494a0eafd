package assist_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sim"
)

type runtimeClock struct{ c *clock }

func (r runtimeClock) Now() time.Time                  { return r.c.t }
func (r runtimeClock) Until(t time.Time) time.Duration { return max(0, t.Sub(r.c.t)) }

// The durable runtime drives an assist account through the Router: each tick's due
// invites become tasks at the Pacer's slots, the outbox records their reservations,
// and ticking again never hands a step over twice.
func TestRuntimeHandsOffThroughTheRouter(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // Monday
	d, st, c := newDesk(t, "UTC", start)
	ctx := context.Background()
	seq := `
name: q1
steps:
  - id: connect
    invite: {note: "Glad to connect, {{first_name | default: \"there\"}}."}
`
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: seq, Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for i := range 50 {
		l := &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%02d", i), FirstName: "Ada", Score: 50}
		recs = append(recs, paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: "alice", LeadFacts: runtime.FactsOf(l), Started: start})
	}
	if _, err := st.AddEnrollments(ctx, "q1", recs); err != nil {
		t.Fatal(err)
	}
	pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
	r := &runtime.Runner{Store: st, Clock: runtimeClock{c}, Executor: &assist.Router{Accounts: st, Desk: d, Other: pl}, Seed: 1}
	end := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	for ticks := 0; c.t.Before(end); ticks++ {
		res, err := r.Tick(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if res.Wake.IsZero() || !res.Wake.After(c.t) || !res.Wake.Before(end) || ticks > 1000 {
			break
		}
		// A real clock moves past the wake-up; the stores keep microseconds.
		c.t = res.Wake.Truncate(time.Microsecond).Add(time.Microsecond)
	}
	tasks, err := st.Tasks(ctx, paceline.TaskFilter{Account: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d tasks", len(tasks))
	if len(tasks) == 0 || len(tasks) > 25 {
		t.Fatalf("%d tasks on Monday, want the day's paced share of 50 leads", len(tasks))
	}
	// The rendered note travels through the runtime's outbox to the person, until the
	// free account's notes of the month are used up; then the invite goes plain.
	notes := 0
	for _, tk := range tasks {
		switch {
		case tk.WithNote && tk.Text == "Glad to connect, Ada.":
			notes++
		case !tk.WithNote && tk.Text == "":
		default:
			t.Fatalf("task %d: note %v, text %q", tk.ID, tk.WithNote, tk.Text)
		}
	}
	if notes == 0 {
		t.Fatal("no task carries the rendered note")
	}
	if n := counted(t, st); n != len(tasks) {
		t.Fatalf("%d reserved slots for %d tasks", n, len(tasks))
	}
	// Ticking again at the same instant hands nothing over again.
	if res, err := r.Tick(ctx, "alice"); err != nil || res.Executed != 0 {
		t.Fatalf("second tick: %+v %v", res, err)
	}
	again, _ := st.Tasks(ctx, paceline.TaskFilter{Account: "alice"})
	if len(again) != len(tasks) {
		t.Fatalf("%d tasks after a second tick, want %d", len(again), len(tasks))
	}
}
