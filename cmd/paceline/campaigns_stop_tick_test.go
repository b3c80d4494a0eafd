package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/store/sqlite"
)

// stopMidTick is an executor that stops a campaign, as paceline campaigns stop run
// beside a serve would, while the tick carries out its first action: the tick has
// read every enrollment as running already.
type stopMidTick struct {
	st       *sqlite.Store
	campaign string
	done     []string
}

func (e *stopMidTick) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	if len(e.done) == 0 {
		if _, err := e.st.StopCampaign(ctx, e.campaign); err != nil {
			return engine.Outcome{}, err
		}
	}
	e.done = append(e.done, a.Lead)
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

// Executed says no action was carried out before this test's ticks.
func (e *stopMidTick) Executed(context.Context, string) (engine.Outcome, bool, error) {
	return engine.Outcome{}, false, nil
}

// Nothing a running serve or worker planned goes out after the stop: a tick that read
// both leads as running before the stop sends the first lead's invite (it was under
// way) and not the second's, and the next ticks send nothing of the campaign.
func TestCampaignStopDuringATickSendsNothingAfter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", heldCSV), "--list", "founders")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "sales-navigator",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun", "--min-gap", "0s", "--beyond-safe-limits")
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "founders", "--accounts", "alice")
	mustCLI(t, db, "campaigns", "start", "q1")
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ex := &stopMidTick{st: st, campaign: "q1"}
	clock := &mailClock{t: time.Now().UTC().Add(time.Minute)}
	runtimetest.TickFor(t, &runtime.Runner{Store: st, Clock: clock, Executor: ex, Seed: 1}, "alice", &clock.t, 72*time.Hour)
	if len(ex.done) != 1 {
		t.Fatalf("sent after the stop: %v, want only the first action, under way when it came", ex.done)
	}
	c, err := st.Campaign(context.Background(), "q1")
	if err != nil || c.State != paceline.CampaignStopped {
		t.Fatalf("q1 after the ticks: %+v, %v", c, err)
	}
	states, _, err := st.CampaignCounts(context.Background(), "q1")
	if err != nil || states[paceline.EnrollmentStopped] != 2 || len(states) != 1 {
		t.Fatalf("q1's enrollments after the ticks: %v, %v; want both stopped", states, err)
	}
}
