package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// pausedTick is a store whose first tick stops once it has read the account's running
// enrollments, until the test lets it go on: what happens meanwhile happens while a
// tick runs, on what it read before. The second tick's reading is reported.
type pausedTick struct {
	testStore
	mu      sync.Mutex
	reads   int
	reading chan struct{} // closed when the first tick has read
	resume  chan struct{} // closed by the test: the first tick goes on
	again   chan int      // the running enrollments the second tick read
}

func newPausedTick(st testStore) *pausedTick {
	return &pausedTick{testStore: st, reading: make(chan struct{}), resume: make(chan struct{}), again: make(chan int, 1)}
}

func (p *pausedTick) RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error) {
	recs, err := p.testStore.RunningEnrollments(ctx, account)
	p.mu.Lock()
	p.reads++
	n := p.reads
	p.mu.Unlock()
	switch n {
	case 1:
		close(p.reading)
		select {
		case <-p.resume:
		case <-ctx.Done():
		}
	case 2:
		p.again <- len(recs)
	}
	return recs, err
}

// sleepyClock is the virtual clock with every wake-up a day away, as an invite's
// timeout is weeks away: a tick that sleeps until its wake is seen sleeping.
type sleepyClock struct{ *virtual }

func (c sleepyClock) Until(t time.Time) time.Duration {
	if t.After(c.now) {
		return 24 * time.Hour
	}
	return 0
}

// tickQueue is the tick jobs in the database of a test store: a worker that runs
// them, an insert-only client as another process (a CLI command, another worker) has,
// and what the jobs table holds.
type tickQueue struct {
	worker, other runtime.Jobs
	// state counts the tick jobs that live (not completed) and those of them
	// scheduled over an hour from now.
	state func(ctx context.Context) (live, far int, err error)
}

func newTickQueue(t *testing.T, st testStore, r *runtime.Runner) *tickQueue {
	t.Helper()
	ctx := context.Background()
	opt := runtime.Options{Workers: 1, Poll: 20 * time.Millisecond}
	var q tickQueue
	var err error
	switch s := st.(type) {
	case *sqlite.Store:
		jobDB := func() *sql.DB {
			db, err := s.JobDB()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
		if q.worker, err = runtime.NewSQLiteJobs(jobDB(), r, opt); err != nil {
			t.Fatal(err)
		}
		if q.other, err = runtime.NewSQLiteJobs(jobDB(), nil, runtime.Options{}); err != nil {
			t.Fatal(err)
		}
		db := jobDB()
		q.state = func(ctx context.Context) (live, far int, err error) {
			err = db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE scheduled_at > datetime('now', '+1 hour'))
				FROM river_job WHERE kind = ? AND state != 'completed'`, runtime.TickArgs{}.Kind()).Scan(&live, &far)
			return live, far, err
		}
	case *postgres.Store:
		if q.worker, err = runtime.NewPostgresJobs(s.Pool(), r, opt); err != nil {
			t.Fatal(err)
		}
		if q.other, err = runtime.NewPostgresJobs(s.Pool(), nil, runtime.Options{}); err != nil {
			t.Fatal(err)
		}
		q.state = func(ctx context.Context) (live, far int, err error) {
			err = s.Pool().QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE scheduled_at > now() + interval '1 hour')
				FROM river_job WHERE kind = $1 AND state != 'completed'`, runtime.TickArgs{}.Kind()).Scan(&live, &far)
			return live, far, err
		}
	default:
		t.Fatalf("no job queue for a %T", st)
	}
	if err := q.worker.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := q.worker.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.worker.Stop(ctx)
	})
	return &q
}

// wakeDuringTick ticks account on a worker, and while its first tick stands after
// reading the account's enrollments, runs during (the work that asks for a wake) and
// asks for a wake from another client, as a command or the API does. It returns how
// many running enrollments the account's next tick read, failing the test when
// there is no next tick: the tick job is gone, or sleeps until the wake the first
// tick planned.
func wakeDuringTick(t *testing.T, st testStore, account string, during func(ctx context.Context)) int {
	t.Helper()
	ctx := context.Background()
	paused := newPausedTick(st)
	v := &virtual{now: start}
	r := newRunner(st, v)
	r.Store, r.Clock = paused, sleepyClock{v}
	q := newTickQueue(t, st, r)
	if err := q.worker.Ensure(ctx, account, true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-paused.reading:
	case <-time.After(time.Minute):
		t.Fatal("the account's tick never ran")
	}
	during(ctx)
	if err := q.other.Ensure(ctx, account, true); err != nil {
		t.Fatal(err)
	}
	close(paused.resume)
	// The first tick ends: the next runs, or the job was left sleeping or gone.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		select {
		case n := <-paused.again:
			return n
		case <-time.After(10 * time.Millisecond):
		}
		live, far, err := q.state(ctx)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case n := <-paused.again: // ran meanwhile
			return n
		default:
		}
		switch {
		case live == 0:
			t.Fatal("no tick job left: the wake asked for while the tick ran was lost, and the account is never ticked again")
		case far > 0:
			t.Fatal("the tick job sleeps until the wake its tick planned: the wake asked for while it ran waits for it")
		}
	}
	t.Fatal("the account was not ticked again after the wake asked for while its tick ran")
	return 0
}

// A campaign started while its account's tick runs, a tick that found nothing to do
// (no campaign yet), is worked at once: the wake its start asked for, which found the
// tick job running, runs the tick again. Before, the tick completed its job (nothing to
// do, no wake), the start's wake had been skipped as the running job's duplicate, and
// no tick job was left: the campaign's leads waited for serve's supervisor or a
// restart.
func TestCampaignStartedDuringTickIsWorked(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		st := open(t)
		seat := addSeats(t, st, 1, start.Add(-30*24*time.Hour))[0]
		n := wakeDuringTick(t, st, seat, func(ctx context.Context) {
			c := &paceline.Campaign{Name: "q1", Sequence: string(sequence.DefaultYAML()), Accounts: []string{seat}, State: paceline.CampaignActive}
			if err := st.CreateCampaign(ctx, c); err != nil {
				t.Fatal(err)
			}
			var recs []paceline.EnrollmentRecord
			for i := range 3 {
				l := &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%d", i), FirstName: "Ada", Score: 50}
				recs = append(recs, paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: seat, LeadFacts: runtime.FactsOf(l), Started: start})
			}
			if _, err := st.AddEnrollments(ctx, "q1", recs); err != nil {
				t.Fatal(err)
			}
		})
		if n != 3 {
			t.Errorf("the next tick read %d running enrollments, want the campaign's 3", n)
		}
	})
}

// A wake asked for while an account's tick runs (an accept posted to the API, from
// serve or another process) runs the tick again as soon as it ends, rather than after
// the wake that tick planned from what it read: an invite's timeout, weeks away.
func TestWakeDuringTickRunsItAgain(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		st := fixture(t, open, 1, 3)
		if n := wakeDuringTick(t, st, "seat-0", func(context.Context) {}); n != 3 {
			t.Errorf("the next tick read %d running enrollments, want 3", n)
		}
	})
}
