package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sim"
)

// childEnv carries a child process's paceline arguments, separated by the unit separator (0x1f): the test binary
// runs itself as paceline, so the crash test needs no separate build.
const childEnv = "PACELINE_TEST_CHILD_ARGS"

// TestRuntimeChild is not a test: it is paceline, run by the crash test in a child
// process it can kill.
func TestRuntimeChild(t *testing.T) {
	args := os.Getenv(childEnv)
	if args == "" {
		t.Skip("runs only as the crash test's child process")
	}
	os.Exit(run(strings.Split(args, "\x1f"), strings.NewReader(""), os.Stdout, os.Stderr))
}

// output collects a child's output; the test reads it while the child writes.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// startChild starts `paceline args...` in a child process.
func startChild(t *testing.T, args ...string) (*exec.Cmd, *output) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRuntimeChild$")
	cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(args, "\x1f"))
	out := &output{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// crashFixture is a database with simulated accounts that work every hour of every
// day, leads, and a started campaign.
func crashFixture(t *testing.T, accounts, leads int) (db string, names []string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "crash.db")
	for i := range accounts {
		name := fmt.Sprintf("seat-%d", i)
		names = append(names, name)
		typ := []string{"sales-navigator", "premium-business", "free"}[i%3]
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", typ, "--working-hours", "00:00-24:00",
			"--working-days", "mon-sun", "--safety", "0.95")
	}
	var csv strings.Builder
	csv.WriteString("profileUrl,fullName,title\n")
	for i := range leads {
		fmt.Fprintf(&csv, "https://www.linkedin.com/in/crash-lead-%03d,Lead %d,Head of Growth\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "leads.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "leads", "import", path, "--list", "crash")
	mustCLI(t, db, "campaigns", "create", "--name", "crash", "--list", "crash", "--accounts", strings.Join(names, ","))
	mustCLI(t, db, "campaigns", "start", "crash")
	return db, names
}

// The crash test of issue 5: serve runs a campaign on simulated accounts at high speed
// in a child process that is killed with SIGKILL at random moments, again and again,
// and restarted each time; a last run stops with SIGTERM and must exit 0. Then the
// database must show zero duplicate executions, zero limit violations, no lost events
// and every lead in a consistent state. PACELINE_CRASH_KILLS sets the number of kills
// (default 15; make crash-long runs more).
func TestCrashRecovery(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	kills := 15
	if s := os.Getenv("PACELINE_CRASH_KILLS"); s != "" {
		fmt.Sscan(s, &kills)
	}
	db, names := crashFixture(t, 3, 60)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 5))
	// The platform takes 40 ms to answer, so that kills often land between an
	// action's plan and its completion, before or after the platform acted.
	serve := []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--speed", "60000", "--sim-latency", "40ms"}
	inFlight := 0
	for i := range kills {
		cmd, out := startChild(t, serve...)
		time.Sleep(time.Duration(200+rng.IntN(1300)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if strings.Contains(out.String(), "paceline: ") {
			t.Fatalf("run %d failed before the kill:\n%s", i, out)
		}
		inFlight += plannedCount(t, db, names)
	}
	// How often a kill caught an action between its plan and its completion: the
	// next run had to reconcile it with the platform.
	t.Logf("%d of %d kills left an action in flight, for the next run to reconcile", inFlight, kills)
	cmd, out := startChild(t, serve...)
	// The last run goes on until the campaign has done enough to check (on a loaded
	// machine the killed runs may have got little done), then stops cleanly.
	waitActions(t, db, 30, 3*time.Second, 60*time.Second)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve did not stop cleanly on SIGTERM: %v\n%s", err, out)
	}
	if !strings.Contains(out.String(), "stopped cleanly") {
		t.Fatalf("serve did not say it stopped cleanly:\n%s", out)
	}
	if actions, events := checkRuntimeDB(t, db, names); actions < 30 || events == 0 {
		t.Fatalf("only %d actions and %d events over the runs: the test exercised too little", actions, events)
	}
}

// checkRuntimeDB checks what the crash and scale-out tests must show: a clean audit
// (caps, working time, minimum gaps, no step sent twice), the ledger matching what
// the platform carried out key for key with nothing left in flight, no lost events,
// and every lead consistent.
func checkRuntimeDB(t *testing.T, db string, names []string) (actions, events int) {
	t.Helper()
	ctx := context.Background()
	report := mustCLI(t, db, "audit", "--json")
	if !strings.Contains(report, `"violations": 0,`) || !strings.Contains(report, `"duplicates": 0,`) {
		t.Fatalf("audit is not clean:\n%s", report)
	}
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	st := rdb.store
	_, _, _, reached, ok, err := st.Clock(ctx)
	if err != nil || !ok {
		t.Fatalf("no runtime clock: %v", err)
	}
	pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
	far := reached.Add(365 * 24 * time.Hour)
	total := 0
	for _, name := range names {
		// Exactly once at the executor boundary: what the platform carried out is
		// what the ledger holds as done, key for key, and nothing is left in flight.
		done, err := st.SimActions(ctx, name, time.Time{}, far)
		if err != nil {
			t.Fatal(err)
		}
		ledger, err := st.Actions(ctx, name, time.Time{}, far)
		if err != nil {
			t.Fatal(err)
		}
		inLedger := map[string]int{}
		for _, a := range ledger {
			if a.Result == paceline.ResultDone {
				inLedger[a.Key]++
			}
		}
		for _, a := range done {
			if inLedger[a.Key] != 1 {
				t.Errorf("%s: the platform carried out %s, the ledger has it done %d times", name, a.Key, inLedger[a.Key])
			}
			delete(inLedger, a.Key)
		}
		for k := range inLedger {
			t.Errorf("%s: the ledger has %s done, the platform never carried it out", name, k)
		}
		planned, err := st.PlannedActions(ctx, name)
		if err != nil || len(planned) > 0 {
			t.Errorf("%s: %d actions still planned after a clean stop: %v", name, len(planned), err)
		}
		total += len(done)

		// No lost events: every answer the platform gave up to the instant the
		// account was last ticked is stored, once.
		cursor, last, err := st.Cursor(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := pl.Events(ctx, name, time.Time{}, last)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Events(ctx, name, time.Time{}, far)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]paceline.Event{}
		for _, ev := range got {
			stored[ev.Key] = ev
		}
		for _, ev := range want {
			if _, ok := stored[ev.Key]; !ok {
				t.Errorf("%s: event %s at %s was lost", name, ev.Key, ev.At)
			}
		}
		events += len(want)

		// Every lead consistent: a reply the account's ticks have applied has stopped
		// the lead's enrollment.
		running, err := st.RunningEnrollments(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range running {
			for _, ev := range got {
				if ev.Lead == r.Lead && ev.ID <= cursor && (ev.Type == paceline.EventReplied || ev.Type == paceline.EventOptedOut) {
					t.Errorf("%s: lead %s %s (event %d) but its enrollment still runs (%s, step %d)", name, r.Lead, ev.Type, ev.ID, r.State, r.Step)
				}
			}
		}
	}
	t.Logf("%d actions and %d events over the runs, audit clean, up to %s", total, events, reached.Format(time.RFC3339))
	return total, events
}

// waitActions waits at least min, then until the database holds n done actions and
// one event, or until max.
func waitActions(t *testing.T, db string, n int, min, max time.Duration) {
	t.Helper()
	time.Sleep(min)
	ctx := context.Background()
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	deadline := time.Now().Add(max - min)
	for time.Now().Before(deadline) {
		done, err := rdb.store.DoneActions(ctx)
		if err == nil && len(done) >= n && anyEvent(ctx, rdb.store) {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// anyEvent reports whether some account has an event.
func anyEvent(ctx context.Context, st runtimeStore) bool {
	accts, err := st.Accounts(ctx)
	if err != nil {
		return false
	}
	for _, a := range accts {
		if ev, err := st.EventsAfter(ctx, a.Name, 0); err == nil && len(ev) > 0 {
			return true
		}
	}
	return false
}

// plannedCount counts the actions left planned in the database.
func plannedCount(t *testing.T, db string, names []string) int {
	t.Helper()
	ctx := context.Background()
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	n := 0
	for _, name := range names {
		p, err := rdb.store.PlannedActions(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		n += len(p)
	}
	return n
}
