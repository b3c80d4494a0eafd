package main

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
)

// A worker (or serve) whose --speed differs from the one a running process on the same
// PostgreSQL database runs at is refused, saying which speed runs and how to go on:
// each keeps its own clock, and a 1x process beside a 1000x one stalled the run. The
// same speed, or none (the stored one), passes, and so does any speed once the
// running process has stopped.
func TestWorkerAtAnotherSpeedRefused(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	pgFixture(t, db, 2, 20)
	first, out := startChild(t, "worker", "--db", db, "--speed", "1000")
	defer first.Process.Kill()
	waitFor(t, out, "paceline worker on", 30*time.Second)

	ctx := context.Background()
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Until River has elected it or it has taken a tick, the worker cannot be seen.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		id, err := runtime.LiveWorker(ctx, st.Pool(), workerPresence{st})
		if err != nil {
			t.Fatal(err)
		}
		if id != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the running worker is never found:\n%s", out)
		}
	}

	second, out2 := startChild(t, "worker", "--db", db, "--speed", "1")
	defer second.Process.Kill()
	exited := make(chan error, 1)
	go func() { exited <- second.Wait() }()
	for deadline := time.Now().Add(60 * time.Second); ; {
		select {
		case <-exited:
		case <-time.After(100 * time.Millisecond):
			if strings.Contains(out2.String(), "paceline worker on") {
				t.Fatalf("a worker at --speed 1 started beside one at 1000x:\n%s", out2)
			}
			if time.Now().Before(deadline) {
				continue
			}
			t.Fatalf("a worker at --speed 1 beside one at 1000x neither started nor was refused:\n%s", out2)
		}
		break
	}
	for _, want := range []string{"runs on PostgreSQL at", "at 1000x", "a worker at 1x beside it", "without --speed", "--speed 1"} {
		if !strings.Contains(out2.String(), want) || strings.Contains(out2.String(), "paceline worker on") {
			t.Errorf("a worker at --speed 1 beside one at 1000x: want it refused, saying %q:\n%s", want, out2)
		}
	}

	a := &app{dbPath: db}
	rdb := &runtimeDB{store: st, name: a.shownDB()}
	for _, speed := range []float64{0, 1000} {
		if err := a.sameSpeedAsRunning(ctx, rdb, "serve", speed); err != nil {
			t.Errorf("--speed %g beside a worker at 1000x: %v", speed, err)
		}
	}
	if err := a.sameSpeedAsRunning(ctx, rdb, "serve", 2); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("serve --speed 2 beside a worker at 1000x: %v", err)
	}
	first.Process.Signal(syscall.SIGTERM)
	if err := first.Wait(); err != nil {
		t.Fatalf("worker: %v\n%s", err, out)
	}
	if err := a.sameSpeedAsRunning(ctx, rdb, "serve", 1); err != nil {
		t.Errorf("--speed 1 once the worker at 1000x stopped: %v", err)
	}
}
