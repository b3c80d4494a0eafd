package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/agent"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/store/sqlite"
)

// server serves the agent protocol over a fresh database with an agent account that
// works every hour (so the test does not depend on when it runs) and n actions due.
func server(t *testing.T, n int) (*httptest.Server, *sqlite.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CreateAccount(ctx, &paceline.Account{
		Name: "alice", Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorAgent, TimeZone: "UTC",
		Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 127, MinGap: 0, Safety: 1,
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAgentToken(ctx, "example", "alice", paceline.HashSecret("pla_test")); err != nil {
		t.Fatal(err)
	}
	desk := &assist.Desk{Store: st}
	for i := range n {
		a := paceline.Action{Key: fmt.Sprintf("q1/lead%d/connect", i), At: time.Now().UTC(), Account: "alice",
			Kind: paceline.KindInvite, Lead: fmt.Sprintf("lead-%d", i), Campaign: "q1", Step: "connect"}
		out, err := desk.ExecuteText(ctx, a, engine.Text{})
		if err != nil {
			t.Fatal(err)
		}
		a.Result = out.Result
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(agent.New(desk, st))
	t.Cleanup(srv.Close)
	return srv, st
}

func tasksIn(t *testing.T, st *sqlite.Store, s paceline.TaskState) int {
	t.Helper()
	list, err := st.Tasks(context.Background(), paceline.TaskFilter{States: []paceline.TaskState{s}})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestAgentCarriesOutWhatIsDue(t *testing.T) {
	t.Parallel()
	srv, st := server(t, 4)
	var log bytes.Buffer
	a := &Agent{
		Client:   &agent.Client{BaseURL: srv.URL, Token: "pla_test", HTTP: srv.Client()},
		Account:  "alice",
		Platform: sim.NewPlatform(sim.DefaultParams(), 1, newJournal()),
		Log:      &log,
	}
	n, err := a.Drain(context.Background())
	if err != nil || n != 4 {
		t.Fatalf("drain: %d %v\n%s", n, err, log.String())
	}
	if done := tasksIn(t, st, paceline.TaskDone); done != 4 {
		t.Fatalf("%d tasks done, want 4", done)
	}
	if !strings.Contains(log.String(), "alice invite lead-0: done (done)") {
		t.Fatalf("log:\n%s", log.String())
	}
	// The platform carried each out once: a second agent finds nothing due.
	if n, err := a.Drain(context.Background()); err != nil || n != 0 {
		t.Fatalf("second drain: %d %v", n, err)
	}
}

// With a simulated weekly-limit notice, the agent reports refusals and the Pacer
// backs off: what was refused is planned again, not offered.
func TestAgentLimitNotice(t *testing.T) {
	t.Parallel()
	srv, st := server(t, 4)
	a := &Agent{
		Client:     &agent.Client{BaseURL: srv.URL, Token: "pla_test", HTTP: srv.Client()},
		Account:    "alice",
		Platform:   sim.NewPlatform(sim.DefaultParams(), 1, newJournal()),
		LimitAfter: 2,
	}
	if n, err := a.Drain(context.Background()); err != nil || n != 4 {
		t.Fatalf("drain: %d %v", n, err)
	}
	if done, planned := tasksIn(t, st, paceline.TaskDone), tasksIn(t, st, paceline.TaskPlanned); done != 2 || planned != 2 {
		t.Fatalf("%d done and %d planned again, want 2 and 2", done, planned)
	}
	if n, err := a.Drain(context.Background()); err != nil || n != 0 {
		t.Fatalf("drain after the notice: %d %v, want nothing offered", n, err)
	}
}

func TestRunFlags(t *testing.T) {
	srv, _ := server(t, 2)
	t.Setenv("TEST_AGENT_TOKEN", "pla_test")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--url", srv.URL, "--account", "alice", "--token-env", "TEST_AGENT_TOKEN", "--once"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 actions carried out") {
		t.Fatalf("output:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"--url", srv.URL, "--once"}, &out); err == nil || !strings.Contains(err.Error(), "--account") {
		t.Fatalf("without --account: %v", err)
	}
	t.Setenv("TEST_AGENT_TOKEN", "")
	if err := run(context.Background(), []string{"--account", "alice", "--token-env", "TEST_AGENT_TOKEN"}, &out); err == nil || !strings.Contains(err.Error(), "paceline tasks token") {
		t.Fatalf("without a token: %v", err)
	}
	t.Setenv("TEST_AGENT_TOKEN", "pla_wrong")
	if err := run(context.Background(), []string{"--url", srv.URL, "--account", "alice", "--token-env", "TEST_AGENT_TOKEN", "--once"}, &out); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Fatalf("with a wrong token: %v", err)
	}
}
