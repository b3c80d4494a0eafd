package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/store/sqlite"
)

// A lead who opts out after their step was held is no longer listed by tasks held
// (the step will never be sent: there is nothing for a person to fix), and tasks
// resume says so instead of asking for a render the outbox would refuse.
func TestTasksHeldLeavesOutAnOptedOutLead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", heldCSV), "--list", "held")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "sales-navigator",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun", "--min-gap", "0s", "--beyond-safe-limits")
	mustCLI(t, db, "campaigns", "create", "--name", "held", "--list", "held", "--accounts", "alice", "--sequence", writeFile(t, dir, "held.yaml", runtimetest.HeldSequence))
	mustCLI(t, db, "campaigns", "start", "held")
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	clock := &mailClock{t: time.Now().UTC().Add(time.Minute)}
	runtimetest.TickFor(t, &runtime.Runner{Store: st, Clock: clock, Executor: &runtimetest.Bodies{}, Seed: 1}, "alice", &clock.t, 24*time.Hour)
	st.Close()

	held := func() []runtime.HeldStep {
		t.Helper()
		var list []runtime.HeldStep
		if err := json.Unmarshal([]byte(mustCLI(t, db, "tasks", "held", "--json")), &list); err != nil {
			t.Fatal(err)
		}
		return list
	}
	if list := held(); len(list) != 1 || list[0].Lead != "tom-baker" {
		t.Fatalf("held before the opt-out: %+v, want tom's step", list)
	}
	mustCLI(t, db, "leads", "optout", "in:tom-baker")
	if list := held(); len(list) != 0 {
		t.Errorf("held after tom opted out: %+v, want none", list)
	}
	if out := mustCLI(t, db, "tasks", "held"); !strings.Contains(out, "No step is held for review.") {
		t.Errorf("tasks held after tom opted out:\n%s", out)
	}
	code, _, errOut := cli(t, db, "tasks", "resume", "--campaign", "held", "--lead", "tom-baker")
	if code == exitOK || !strings.Contains(errOut, "lead tom-baker opted out after its step was held: the step will never be sent") {
		t.Errorf("resume of tom after the opt-out: exit %d, %s", code, errOut)
	}
}
