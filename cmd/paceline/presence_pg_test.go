package main

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// A worker whose presence connection the server ends (pg_terminate_backend, as a
// server restart or an idle timeout would) finds out on its own schedule, cuts its
// ticks, takes its presence back on a new connection within seconds and carries on;
// the other worker, which may find it gone for that moment, does not take its ticks,
// neither reports a database failure for the moment's refusal, and the ledger is
// clean: no account was ticked by two processes.
func TestPostgresPresenceConnectionLost(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	names := pgFixture(t, db, 4, 60)
	ctx := context.Background()
	var workers []*exec.Cmd
	var outs []*output
	for range 2 {
		cmd, out := startChild(t, "worker", "--db", db, "--speed", "30000", "--workers", "2")
		workers = append(workers, cmd)
		outs = append(outs, out)
	}
	for _, out := range outs {
		waitFor(t, out, "paceline worker on", 15*time.Second)
	}
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// holder is the backend holding worker id's presence lock (runtime_pg_presence.go),
	// 0 when none does.
	holder := func(id string) int {
		t.Helper()
		var pid int
		err := conn.QueryRow(ctx, `SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND granted
			AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(current_schema() || '/' || $1, 0)`,
			presenceLock(id)).Scan(&pid)
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}
	// A worker that has taken a tick, with its presence held.
	var id string
	var pid int
	for deadline := time.Now().Add(30 * time.Second); pid == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no worker took a tick with its presence held:%s", func() string { _, l := tickJobs(t, db); return l }())
		}
		for owner := range runningOwners(t, db) {
			if p := holder(owner); p != 0 {
				id, pid = owner, p
				break
			}
		}
	}
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	lost := time.Now()
	again := 0
	for deadline := lost.Add(8 * time.Second); again == 0 || again == pid; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("worker %s did not take its presence back within 8 s of losing it (keepEvery+checkTimeout is 5 s)", id)
		}
		again = holder(id)
	}
	t.Logf("worker %s held its presence again after %s", id, time.Since(lost).Round(time.Millisecond))
	// Past the grace another worker waits: its ticks are its own still.
	time.Sleep(11 * time.Second)
	if holder(id) == 0 {
		t.Fatalf("worker %s lost its presence again", id)
	}
	for i, cmd := range workers {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i])
		}
		s := outs[i].String()
		if !strings.Contains(s, "stopped cleanly") {
			t.Fatalf("worker %d did not stop cleanly:\n%s", i, s)
		}
		if strings.Contains(s, "fails") {
			t.Errorf("worker %d reported a database failure for a moment's lost presence:\n%s", i, s)
		}
	}
	if running, jobs := tickJobs(t, db); running > 0 {
		t.Fatalf("%d ticks still running after both workers stopped cleanly:%s", running, jobs)
	}
	if actions, _ := checkRuntimeDB(t, db, names); actions == 0 {
		t.Fatal("no action at all: the test exercised nothing")
	}
}
