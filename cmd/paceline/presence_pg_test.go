package main

import (
	"context"
	"fmt"
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
// clean. No account was ticked by two processes at once: every change River makes to
// a tick job is logged (tickLog), and no worker takes an account's tick while the
// other's run of it has not ended.
//
// The waits poll for what they wait for with deadlines far above what an idle machine
// needs, so a loaded one (CI) does not fail them; only the observation past the grace
// is a minimum.
func TestPostgresPresenceConnectionLost(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	names := pgFixture(t, db, 4, 60)
	ctx := context.Background()
	log := newTickLog(t, db)
	var workers []*exec.Cmd
	var outs []*output
	for i := range 2 {
		// Each worker's connections carry its name, for the log to say who changed a job.
		cmd, out := startChild(t, "worker", "--db", db+fmt.Sprintf("&application_name=w%d", i), "--speed", "30000", "--workers", "2")
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
	for deadline := lost.Add(60 * time.Second); again == 0 || again == pid; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("worker %s did not take its presence back within 60 s of losing it (keepEvery+checkTimeout is 5 s)", id)
		}
		again = holder(id)
	}
	back := time.Since(lost)
	t.Logf("worker %s held its presence again after %s", id, back.Round(time.Millisecond))
	if back > 8*time.Second {
		t.Logf("(over 8 s: a loaded machine; the other worker may have handed its ticks back, which the tick log checks)")
	}
	// Past the grace another worker waits (10 s), the worker still works: it holds its
	// presence and takes ticks, its own still.
	grace := lost.Add(11 * time.Second)
	for deadline := lost.Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(grace) && holder(id) != 0 && log.takenBy(t, id, grace) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker %s neither held its presence nor took a tick in the 90 s after losing it (held by pid %d)", id, holder(id))
		}
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
	log.checkNoOverlap(t)
}

// tickLog logs every change to a tick job in River's table, with the process that
// made it (its connection's application_name), in the order the changes were made
// (a row's changes wait for each other's commits).
type tickLog struct{ db string }

// newTickLog adds the log's table and trigger to the test's schema.
func newTickLog(t *testing.T, db string) *tickLog {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `
		CREATE TABLE tick_log (seq bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(),
			app text NOT NULL, job bigint NOT NULL, account text NOT NULL,
			old_state text NOT NULL, new_state text NOT NULL, new_by text NOT NULL);
		CREATE FUNCTION tick_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO tick_log (app, job, account, old_state, new_state, new_by)
			VALUES (current_setting('application_name'), NEW.id, NEW.args->>'account', OLD.state::text, NEW.state::text,
				coalesce(NEW.attempted_by[cardinality(NEW.attempted_by)], ''));
			RETURN NULL;
		END $$;
		CREATE TRIGGER tick_log AFTER UPDATE ON river_job FOR EACH ROW WHEN (NEW.kind = 'paceline_tick')
			EXECUTE FUNCTION tick_log_change();`); err != nil {
		t.Fatalf("log the tick jobs' changes: %v", err)
	}
	return &tickLog{db: db}
}

// tickChange is one logged change of a tick job.
type tickChange struct {
	seq                          int64
	at                           time.Time
	app, account, from, to, took string
	job                          int64
}

func (l *tickLog) changes(t *testing.T, where string, args ...any) []tickChange {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, l.db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT seq, at, app, job, account, old_state, new_state, new_by FROM tick_log `+where+` ORDER BY seq`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []tickChange
	for rows.Next() {
		var c tickChange
		if err := rows.Scan(&c.seq, &c.at, &c.app, &c.job, &c.account, &c.from, &c.to, &c.took); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// takenBy counts the ticks River client id took after since.
func (l *tickLog) takenBy(t *testing.T, id string, since time.Time) int {
	t.Helper()
	return len(l.changes(t, `WHERE new_state = 'running' AND old_state <> 'running' AND new_by = $1 AND at > $2`, id, since))
}

// checkNoOverlap fails the test when a process took an account's tick while another
// one's run of it had not ended. A process's run of a tick starts when it takes the
// job (to running) and ends at its next change of the job: River's completer, which
// records the snooze even when the job was handed back meanwhile. A hand back
// (running to available by another process) ends nothing: the process that ran the
// tick may be running it still. A change from running to running is a unique insert
// finding the job, and changes nothing.
func (l *tickLog) checkNoOverlap(t *testing.T) {
	t.Helper()
	changes := l.changes(t, "")
	overlaps, takes, handedBack := tickOverlaps(changes)
	for _, o := range overlaps {
		t.Error(o)
	}
	for _, h := range handedBack {
		t.Log(h)
	}
	t.Logf("tick log: %d changes, %d ticks taken, %d handed back, %d taken while another process ran them", len(changes), takes, len(handedBack), len(overlaps))
	if takes == 0 {
		t.Error("the tick log holds no tick taken: the check saw nothing")
	}
}

// tickOverlaps reads the changes in order (checkNoOverlap): the takes of a tick while
// another process's run of it had not ended, how many ticks were taken, and the hand
// backs.
func tickOverlaps(changes []tickChange) (overlaps []string, takes int, handedBack []string) {
	running := map[int64]tickChange{} // the run each job is in, by the change that took it
	for _, c := range changes {
		run, inRun := running[c.job]
		switch {
		case c.to == "running" && c.from != "running":
			if inRun && run.app != c.app {
				overlaps = append(overlaps, fmt.Sprintf("account %s: %s took its tick (change %d at %s) while %s's run of it, taken at %s (change %d), had not ended",
					c.account, c.app, c.seq, c.at.Format("15:04:05.000"), run.app, run.at.Format("15:04:05.000"), run.seq))
			}
			running[c.job] = c
			takes++
		case c.from == "running" && c.to == "running":
			// An insert of the account's tick finding this one (River's unique insert
			// touches the row): no change.
		case inRun && c.app == run.app:
			delete(running, c.job) // the run's end
		case inRun && c.from == "running":
			handedBack = append(handedBack, fmt.Sprintf("account %s: %s handed back the tick %s took at %s (change %d at %s)",
				c.account, c.app, run.app, run.at.Format("15:04:05.000"), c.seq, c.at.Format("15:04:05.000")))
		}
	}
	return overlaps, takes, handedBack
}

// tickOverlaps finds a tick taken by a process while another's run of it had not
// ended, after a hand back, and nothing in a run ended before the next take, or
// touched by another process's insert.
func TestTickOverlaps(t *testing.T) {
	t.Parallel()
	ch := func(seq int64, app, from, to string) tickChange {
		return tickChange{seq: seq, app: app, account: "seat-00", from: from, to: to, job: 1}
	}
	for _, tc := range []struct {
		name             string
		changes          []tickChange
		overlaps, handed int
	}{
		{"one after the other", []tickChange{ch(1, "w0", "available", "running"), ch(2, "w1", "running", "running"), ch(3, "w0", "running", "scheduled"),
			ch(4, "w0", "scheduled", "available"), ch(5, "w1", "available", "running"), ch(6, "w1", "running", "scheduled")}, 0, 0},
		{"handed back, taken after the run's end", []tickChange{ch(1, "w0", "available", "running"), ch(2, "w1", "running", "available"),
			ch(3, "w0", "available", "available"), ch(4, "w1", "available", "running")}, 0, 1},
		{"handed back, taken during the run", []tickChange{ch(1, "w0", "available", "running"), ch(2, "w1", "running", "available"),
			ch(3, "w1", "available", "running"), ch(4, "w0", "running", "running")}, 1, 1},
	} {
		overlaps, takes, handed := tickOverlaps(tc.changes)
		if len(overlaps) != tc.overlaps || len(handed) != tc.handed || takes == 0 {
			t.Errorf("%s: %d overlaps %v, %d hand backs, %d takes; want %d overlaps, %d hand backs", tc.name, len(overlaps), overlaps, len(handed), takes, tc.overlaps, tc.handed)
		}
	}
}
