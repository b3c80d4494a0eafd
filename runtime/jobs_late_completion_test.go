package runtime_test

import (
	"context"
	"database/sql"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// tickJobStates reads the states of the account's tick jobs, completed ones too, in
// the order they were made.
func tickJobStates(t *testing.T, st testStore, account string) func(ctx context.Context) ([]string, error) {
	t.Helper()
	switch s := st.(type) {
	case *sqlite.Store:
		db, err := s.JobDB()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return func(ctx context.Context) ([]string, error) {
			return scanJobStates(db.QueryContext(ctx, `SELECT state FROM river_job
				WHERE kind = 'paceline_tick' AND json_extract(args, '$.account') = ? ORDER BY id`, account))
		}
	case *postgres.Store:
		return func(ctx context.Context) ([]string, error) {
			rows, err := s.Pool().Query(ctx, `SELECT state::text FROM river_job
				WHERE kind = 'paceline_tick' AND args->>'account' = $1 ORDER BY id`, account)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					return nil, err
				}
				out = append(out, s)
			}
			return out, rows.Err()
		}
	}
	t.Fatalf("no tick jobs for a %T", st)
	return nil
}

func scanJobStates(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// live drops the completed jobs from states: what is left is the account's tick job
// that lives (at most one, running while a tick runs).
func live(states []string) []string {
	return slices.DeleteFunc(slices.Clone(states), func(s string) bool { return s == "completed" })
}

// watchSecondTick is a store whose account's second tick, once it has read the running
// enrollments, watches the account's tick jobs for long enough for River's batch
// completer (which writes at least every 250 ms) to have written what it holds of the
// first tick, runs during if set, and reports the states it ends up seeing.
type watchSecondTick struct {
	testStore
	states func(ctx context.Context) ([]string, error)
	mu     sync.Mutex
	reads  int
	seen   chan []string
	during func(ctx context.Context)
}

func (w *watchSecondTick) RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error) {
	w.mu.Lock()
	w.reads++
	n := w.reads
	w.mu.Unlock()
	if n == 2 {
		var last []string
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			s, err := w.states(ctx)
			if err != nil {
				return nil, err
			}
			last = s
		}
		if w.during != nil {
			w.during(ctx)
			var err error
			if last, err = w.states(ctx); err != nil {
				return nil, err
			}
		}
		w.seen <- last
	}
	return w.testStore.RunningEnrollments(ctx, account)
}

// dueClock is the virtual clock with every wake due at once (a wake already past, a
// short pause between two actions): the account's next tick runs right after this one.
type dueClock struct{ *virtual }

func (dueClock) Until(time.Time) time.Duration { return 0 }

// secondTickJobs ticks seat-0 of a fixture on a worker whose wakes are all due at
// once, and returns the states of the account's tick jobs its second tick saw while it
// ran, after running during (if set) in it.
func secondTickJobs(t *testing.T, open func(testing.TB) testStore, during func(q *tickQueue) func(ctx context.Context)) []string {
	t.Helper()
	ctx := context.Background()
	st := fixture(t, open, 1, 3)
	v := &virtual{now: start}
	r := newRunner(st, v)
	w := &watchSecondTick{testStore: st, states: tickJobStates(t, st, "seat-0"), seen: make(chan []string, 1)}
	r.Store, r.Clock = w, dueClock{v}
	q := newTickQueue(t, st, r)
	if during != nil {
		w.during = during(q)
	}
	if err := q.worker.Ensure(ctx, "seat-0", true); err != nil {
		t.Fatal(err)
	}
	select {
	case seen := <-w.seen:
		return seen
	case <-time.After(time.Minute):
		t.Fatal("the account was not ticked a second time")
	}
	return nil
}

// The job a tick runs under stays running until the tick ends. The tick's end used to
// set its job's state itself and return nil, so River's executor still queued a
// completion of the job, written by its batch completer up to 250 ms later under the
// one condition that the job be running: the job, made available by the end for a
// wake due at once, was meanwhile taken again, and the late completion marked that
// next run completed while it ticked. Its own end then found no running job and
// changed nothing: the account was left with no tick job (its planned wake lost).
func TestTickJobNotCompletedUnderItsNextRun(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		seen := secondTickJobs(t, open, nil)
		if l := live(seen); len(l) != 1 || l[0] != "running" {
			t.Fatalf("while the account's second tick ran, its tick jobs were %v, want one running besides the completed: River's late completion of the first run marked the running job completed", seen)
		}
	})
}

// While an account's tick runs, the supervisor's Ensure (without now, every 2 s in
// serve and worker) finds the running job and inserts none. It used to insert a second
// tick job for the account once the late completion of the previous run had marked
// the running job completed (completed is not one of TickArgs' unique states): another
// worker, a second process or Workers above 1, could then tick the account at the same
// time.
func TestOneTickJobPerAccountWhileATickRuns(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		seen := secondTickJobs(t, open, func(q *tickQueue) func(ctx context.Context) {
			return func(ctx context.Context) {
				if err := q.other.Ensure(ctx, "seat-0", false); err != nil {
					t.Error(err)
				}
			}
		})
		if l := live(seen); len(l) != 1 || l[0] != "running" {
			t.Fatalf("an Ensure while the account's tick ran left its tick jobs %v, want the running one alone besides the completed", seen)
		}
	})
}

// soonClock is the virtual clock with every wake a few seconds away, a pause between
// two actions shorter than River's scheduler interval.
type soonClock struct{ *virtual }

func (soonClock) Until(time.Time) time.Duration { return 3 * time.Second }

// A tick whose next wake is a few seconds away leaves its next job available, to be
// taken at its time, as River's own snooze does, rather than scheduled: River's
// scheduler makes a scheduled job available only at its next pass (every 5 s), which
// could come seconds after the wake.
func TestTickSoonIsTakenAtItsTime(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := fixture(t, open, 1, 3)
		v := &virtual{now: start}
		r := newRunner(st, v)
		r.Clock = soonClock{v}
		states := tickJobStates(t, st, "seat-0")
		q := newTickQueue(t, st, r)
		if err := q.worker.Ensure(ctx, "seat-0", true); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			seen, err := states(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(seen) < 2 {
				continue
			}
			if seen[0] != "completed" || seen[1] != "available" {
				t.Fatalf("after the account's first tick its tick jobs were %v, want the first completed and the next available", seen)
			}
			return
		}
		t.Fatal("the account's first tick left no next tick job")
	})
}
