package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/store/postgres"
)

// postgresSchema returns a URL on PACELINE_TEST_POSTGRES whose connections use a schema
// of their own, migrated (paceline migrate), dropped when the test ends; it skips the test, saying so, without a
// server.
func postgresSchema(t *testing.T) string {
	t.Helper()
	db, _ := emptyPostgresSchema(t)
	// Only migrate, serve and worker create paceline's tables on PostgreSQL: migrate
	// the new schema as an operator would before anything else.
	var stderr strings.Builder
	if code := run([]string{"migrate", "--db", db}, nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("migrate a new schema: exit %d: %s", code, stderr.String())
	}
	return db
}

// pgFixture fills a PostgreSQL database with simulated accounts and an active campaign
// over leads (enrolled through the store directly, quicker than an import).
func pgFixture(t *testing.T, db string, accounts, leads int) []string {
	t.Helper()
	ctx := context.Background()
	mustCLI(t, db, "migrate")
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var names []string
	for i := range accounts {
		a := &paceline.Account{Name: fmt.Sprintf("seat-%02d", i), Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorSim,
			State: paceline.AccountActive, TimeZone: "UTC", Hours: paceline.WorkingHours{Start: 0, End: 24 * 60},
			Days: 1<<7 - 1, MinGap: paceline.DefaultMinGap, Safety: 0.95}
		if err := st.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		names = append(names, a.Name)
	}
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "wide", Sequence: string(sequence.DefaultYAML()), Accounts: names, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for i := range leads {
		l := &paceline.Lead{ProfileKey: fmt.Sprintf("wide-%04d", i), FirstName: "Ada", Score: 20 + i%70}
		recs = append(recs, paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: names[i%len(names)], LeadFacts: runtime.FactsOf(l), Started: time.Now().UTC()})
	}
	if _, err := st.AddEnrollments(ctx, "wide", recs); err != nil {
		t.Fatal(err)
	}
	return names
}

var ticksLine = regexp.MustCompile(`stopped cleanly after (\d+) account ticks`)

// The scale-out test of issue 5: three worker processes on one PostgreSQL database run
// a campaign over many accounts. The work is shared (every worker ticks accounts),
// each account is ticked by one worker at a time (the ledger matches the platform key
// for key, nothing is sent twice, the audit's minimum-gap and cap rules hold), and
// every worker stops cleanly on SIGTERM.
func TestPostgresScaleOut(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("scale-out test skipped in -short mode")
	}
	db := postgresSchema(t)
	names := pgFixture(t, db, 12, 240)
	var workers []*exec.Cmd
	var outs []fmt.Stringer
	for range 3 {
		cmd, out := startChild(t, "worker", "--db", db, "--speed", "30000", "--workers", "4")
		workers = append(workers, cmd)
		outs = append(outs, out)
	}
	waitActions(t, db, 150, 8*time.Second, 60*time.Second)
	for i, cmd := range workers {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i])
		}
		m := ticksLine.FindStringSubmatch(outs[i].String())
		if m == nil {
			t.Fatalf("worker %d did not stop cleanly:\n%s", i, outs[i])
		}
		n, _ := strconv.Atoi(m[1])
		if n == 0 {
			t.Errorf("worker %d ticked no account: the work is not shared\n%s", i, outs[i])
		}
	}
	t.Logf("ticks per worker: %v", func() []string {
		var s []string
		for _, o := range outs {
			s = append(s, ticksLine.FindStringSubmatch(o.String())[1])
		}
		return s
	}())
	if actions, _ := checkRuntimeDB(t, db, names); actions < 100 {
		t.Fatalf("only %d actions: the test exercised too little", actions)
	}
}
