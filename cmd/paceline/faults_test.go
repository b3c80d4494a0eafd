package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// A database that cannot be reached at start is a clear error naming it, exit 3.
func TestServeDatabaseUnreachable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, db, want string
	}{
		{"postgres", "postgres://paceline@127.0.0.1:1/paceline?connect_timeout=3", "PostgreSQL at 127.0.0.1:1 cannot be reached"},
		{"sqlite", filepath.Join(t.TempDir(), "missing", "dir", "p.db"), "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := cli(t, tt.db, "serve", "--addr", "127.0.0.1:0")
			if code == exitOK || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want a failure saying %q", code, errOut, tt.want)
			}
		})
	}
}

// waitFor waits until the child's output holds s.
func waitFor(t *testing.T, out fmt.Stringer, s string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if strings.Contains(out.String(), s) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("child never said %q:\n%s", s, out)
}

// A second serve on the same SQLite file is refused, and the first runs on.
func TestSecondServeRefused(t *testing.T) {
	t.Parallel()
	db, _ := crashFixture(t, 1, 5)
	first, out := startChild(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--speed", "1000")
	defer first.Process.Kill()
	waitFor(t, out, "serving on", 15*time.Second)
	code, _, errOut := cli(t, db, "serve", "--addr", "127.0.0.1:0")
	if code != exitFailed || !strings.Contains(errOut, "another paceline process (a demo, serve or worker) is running on") {
		t.Fatalf("second serve: exit %d, %q", code, errOut)
	}
	first.Process.Signal(syscall.SIGTERM)
	if err := first.Wait(); err != nil {
		t.Fatalf("first serve after the refusal: %v\n%s", err, out)
	}
}

// proxy forwards TCP connections to a server until it is cut: then it closes every
// connection and refuses new ones, as a database host that went away would.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	cut    bool
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(p.Cut)
	return p
}

// Cut closes every connection and the listener.
func (p *proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// PostgreSQL lost mid-run: the worker retries, then stops with a clear error (exit
// 3); the database holds nothing half-written, and a new worker carries on with a
// clean audit.
func TestPostgresLostMidRun(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	names := pgFixture(t, db, 3, 30)
	u, _ := url.Parse(db)
	p := newProxy(t, u.Host)
	via := *u
	via.Host = p.ln.Addr().String()
	cmd, out := startChild(t, "worker", "--db", via.String(), "--speed", "30000", "--give-up-after", "3s")
	waitFor(t, out, "paceline worker on", 15*time.Second)
	time.Sleep(2 * time.Second)
	p.Cut()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitInternal {
			t.Fatalf("worker exit %v, want %d\n%s", err, exitInternal, out)
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("worker did not give up after the database went away:\n%s", out)
	}
	if s := out.String(); !strings.Contains(s, "paceline stopped") || !strings.Contains(s, "retrying") {
		t.Fatalf("no clear error:\n%s", s)
	} else {
		t.Logf("the worker said:\n%s", lastLines(s, 2))
	}
	// A new worker, with the database back, hands back the ticks the lost one left
	// running (once its presence has been free for 10 s, not after River's rescue in
	// minutes), reconciles and carries on. It is stopped once it has reconciled what the lost one left planned: on a
	// loaded machine two seconds may not reach every account.
	lost := runningOwners(t, db)
	again, out2 := startChild(t, "worker", "--db", db, "--speed", "30000")
	time.Sleep(2 * time.Second)
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if plannedCount(t, db, names) == 0 && !anyRunningBy(t, db, lost) {
			break
		}
	}
	again.Process.Signal(syscall.SIGTERM)
	if err := again.Wait(); err != nil {
		t.Fatalf("worker after the outage: %v\n%s", err, out2)
	}
	if running, jobs := tickJobs(t, db); running > 0 {
		t.Fatalf("%d ticks still running after the new worker stopped cleanly:%s", running, jobs)
	}
	if actions, _ := checkRuntimeDB(t, db, names); actions == 0 {
		t.Fatal("no action at all: the test exercised nothing")
	}
}

// SQLite disk full (the child's files are capped with ulimit -f, so writes fail with
// "database or disk is full"): serve says so, retries, gives up with a clear error,
// and the file holds nothing half-written: it passes SQLite's integrity check, and a
// serve with room again carries on with a clean audit.
func TestSQLiteDiskFull(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for ulimit -f")
	}
	db, names := crashFixture(t, 2, 40)
	// Let it run a little so the file has grown past its first pages.
	first, out := startChild(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--speed", "30000")
	waitFor(t, out, "serving on", 15*time.Second)
	time.Sleep(time.Second)
	first.Process.Signal(syscall.SIGTERM)
	first.Wait()
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	limitKB := fi.Size()/1024 + 8
	args := strings.Join([]string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--speed", "30000", "--give-up-after", "3s"}, "\x1f")
	cmd := exec.Command("bash", "-c", fmt.Sprintf("ulimit -f %d; exec %q -test.run='^TestRuntimeChild$'", limitKB, os.Args[0]))
	cmd.Env = append(os.Environ(), childEnv+"="+args)
	cmd.Dir = t.TempDir()
	full := &output{}
	cmd.Stdout, cmd.Stderr = full, full
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("serve on a full disk exited 0:\n%s", full.String())
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("serve did not give up on a full disk:\n%s", full.String())
	}
	if !strings.Contains(full.String(), "disk holding the database") {
		t.Fatalf("no clear disk-full error:\n%s", full.String())
	}
	t.Logf("serve said:\n%s", lastLines(full.String(), 1))
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := conn.QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q %v", check, err)
	}
	conn.Close()
	again, out2 := startChild(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--speed", "30000")
	waitFor(t, out2, "serving on", 15*time.Second)
	time.Sleep(2 * time.Second)
	for deadline := time.Now().Add(30 * time.Second); plannedCount(t, db, names) > 0 && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond) // until what the full disk left planned is reconciled
	}
	again.Process.Signal(syscall.SIGTERM)
	if err := again.Wait(); err != nil {
		t.Fatalf("serve with room again: %v\n%s", err, out2)
	}
	if actions, _ := checkRuntimeDB(t, db, names); actions == 0 {
		t.Fatal("no action at all: the test exercised nothing")
	}
}

// lastLines returns the last n lines of s that are paceline's own (River logs too).
func lastLines(s string, n int) string {
	var mine []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "paceline") {
			mine = append(mine, l)
		}
	}
	return strings.Join(mine[max(0, len(mine)-n):], "\n")
}

// runningOwners returns the last takers of the tick jobs River holds as running.
func runningOwners(t *testing.T, db string) map[string]bool {
	t.Helper()
	owners := map[string]bool{}
	for _, j := range tickJobRows(t, db) {
		if j.state == "running" {
			owners[j.by] = true
		}
	}
	return owners
}

// anyRunningBy reports whether a tick job is running, last taken by one of owners.
func anyRunningBy(t *testing.T, db string, owners map[string]bool) bool {
	t.Helper()
	for _, j := range tickJobRows(t, db) {
		if j.state == "running" && owners[j.by] {
			return true
		}
	}
	return false
}

// tickJobs counts the tick jobs River holds as running, and lists every tick job with
// its state and who took it.
func tickJobs(t *testing.T, db string) (running int, list string) {
	t.Helper()
	var b strings.Builder
	for _, j := range tickJobRows(t, db) {
		if j.state == "running" {
			running++
		}
		fmt.Fprintf(&b, "\n  %s %s, last taken by %s", j.account, j.state, j.by)
	}
	return running, b.String()
}

// tickJob is a tick job's row in River's table: its account, state and last taker.
type tickJob struct{ account, state, by string }

// tickJobRows reads the tick jobs River holds, in the order they were made.
func tickJobRows(t *testing.T, db string) []tickJob {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT args->>'account', state::text, coalesce(attempted_by[cardinality(attempted_by)], '') FROM river_job WHERE kind = 'paceline_tick' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var jobs []tickJob
	for rows.Next() {
		var j tickJob
		if err := rows.Scan(&j.account, &j.state, &j.by); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return jobs
}
