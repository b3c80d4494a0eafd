package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// A task an agent holds under a live lease is left to its agent by a stop (the agent
// may be sending it), and the stop says so.
func TestCampaignStopSaysWhatItLeftToAgents(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "founders", "--accounts", "alice")
	mustCLI(t, db, "campaigns", "start", "q1")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tk := &paceline.Task{Account: "alice", Key: "q1/in:ada/connect", Kind: paceline.KindInvite, Lead: "in:ada", Campaign: "q1", Step: "connect",
		State: paceline.TaskLeased, Holder: "agent-1", LeaseID: "l1", LeaseUntil: now.Add(time.Hour), Due: now, Expires: now.Add(8 * time.Hour)}
	if _, err := st.CreateTask(ctx, tk); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateTask(ctx, tk, paceline.TaskLeased); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := mustCLI(t, db, "campaigns", "stop", "q1")
	if !strings.Contains(out, "0 assisted tasks closed unsent.") ||
		!strings.Contains(out, "1 assisted task left to the agent holding it (leased: it may be sending it now); the desk closes it unsent if the lease ends unreported.") {
		t.Fatalf("stop said %q", out)
	}
}
