package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// failingSeat fails every action it is handed, as a mailbox that cannot send fails
// every email.
type failingSeat struct{}

func (failingSeat) Execute(context.Context, paceline.Action) (engine.Outcome, error) {
	return engine.Outcome{Result: paceline.ResultFailed}, nil
}

func (failingSeat) Executed(context.Context, string) (engine.Outcome, bool, error) {
	return engine.Outcome{}, false, nil
}

// campaigns status says how many leads a step that kept failing stopped (QA: a
// mailbox without its footer stopped every lead at the email step, and status showed
// "stopped 7" with no reason): stopped_by.failed in --json, "stopped: step failed" in
// the text, only when there are some.
func TestCampaignStatusCountsLeadsStoppedByFailures(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "h", "--type", "free", "--working-hours", "00:00-24:00",
		"--working-days", "mon,tue,wed,thu,fri,sat,sun")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "h")
	mustCLI(t, db, "campaigns", "start", "q")
	if text := mustCLI(t, db, "campaigns", "status", "q"); strings.Contains(text, "step failed") {
		t.Errorf("status before any failure names failures:\n%s", text)
	}
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock := &mailClock{t: time.Now().UTC()}
	runtimetest.TickFor(t, &runtime.Runner{Store: rdb.store, Clock: clock, Executor: failingSeat{}, Seed: 1}, "h", &clock.t, 14*24*time.Hour)
	rdb.Close()
	var s campaignStatus
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Stopped != 2 || s.StoppedBy.Failed != 2 {
		t.Errorf("stopped %d, by failures %d; want 2, 2", s.Stopped, s.StoppedBy.Failed)
	}
	if text := mustCLI(t, db, "campaigns", "status", "q"); !strings.Contains(text, "stopped: step failed  2 (") {
		t.Errorf("status does not count the failures:\n%s", text)
	}
}
