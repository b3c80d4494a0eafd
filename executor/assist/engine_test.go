package assist_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// With the real engine and Pacer, tasks appear only at the Pacer's slots: a day of
// work is at most the day's pacing, spread over working hours, each task with its
// rendered note, however many leads wait.
func TestEngineHandsOffAtPacedSlots(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // Monday, before working hours
	d, st, c := newDesk(t, "UTC", start)
	ctx := context.Background()
	seq, err := sequence.Parse([]byte(`
name: q1
steps:
  - id: connect
    invite:
      note: "Hi {{first_name}}, glad to connect"
      fallback: plain
`))
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := st.Account(ctx, "alice")
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		t.Fatal(err)
	}
	pacer, _ := limits.New(cfg, start.Add(-365*24*time.Hour))
	g, err := engine.New(engine.Options{Executor: d, Ledger: st, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.AddAccount(engine.Account{Name: "alice", Pacer: pacer, Schedule: cfg.Schedule}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddCampaign(engine.Campaign{Name: "q1", Sequence: seq, Accounts: []string{"alice"}}); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		if _, err := g.Enroll("q1", &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%d", i), FirstName: fmt.Sprintf("Lee%d", i)}, start); err != nil {
			t.Fatal(err)
		}
	}
	end := time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)
	for now := start; ; {
		c.t = now
		if err := g.Step(ctx, now); err != nil {
			t.Fatal(err)
		}
		next := g.NextWake()
		if next.IsZero() || next.After(end) {
			break
		}
		now = next
	}
	tasks, err := st.Tasks(ctx, paceline.TaskFilter{Account: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d tasks on Monday", len(tasks))
	if len(tasks) == 0 || len(tasks) >= 60 {
		t.Fatalf("%d tasks on Monday for 60 leads, want the day's paced share", len(tasks))
	}
	if n := counted(t, st); n != len(tasks) {
		t.Fatalf("%d tasks but %d reserved slots", len(tasks), n)
	}
	for i, task := range tasks {
		if !cfg.Schedule.Contains(task.Due) {
			t.Fatalf("task %d offered at %s, outside working hours", task.ID, task.Due)
		}
		if i > 0 && task.Due.Sub(tasks[i-1].Due) < paceline.DefaultMinGap {
			t.Fatalf("tasks %s apart", task.Due.Sub(tasks[i-1].Due))
		}
		if task.Text == "" && task.WithNote {
			t.Fatalf("task %d has a note flag but no note", task.ID)
		}
	}
	withNote := 0
	for _, task := range tasks {
		if task.WithNote {
			withNote++
			if want := "Hi " + "Lee"; len(task.Text) < len(want) || task.Text[:len(want)] != want {
				t.Fatalf("note %q is not the rendered template", task.Text)
			}
		}
	}
	if withNote == 0 || withNote > 5 {
		t.Fatalf("%d invites with a note on a free account, want 1..5 (the monthly quota)", withNote)
	}
}
