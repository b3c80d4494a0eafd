package runtime

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// TickArgs is the River job that ticks one account. It is unique by account: at most
// one tick job per account lives at a time (waiting, scheduled or running), so one
// process at a time works an account. A tick completes its job and, in the same
// transaction, inserts the account's next one scheduled at its next wake-up
// (jobs_wake.go).
type TickArgs struct {
	Account string `json:"account"`
}

// Kind names the job in River's table.
func (TickArgs) Kind() string { return "paceline_tick" }

// InsertOpts make the job unique by account and give it room for retries: a tick that
// fails (the database away for a while) is retried with River's backoff.
func (TickArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 25, UniqueOpts: river.UniqueOpts{
		ByArgs: true,
		// Not completed: a tick's next job is inserted beside the one it completes,
		// and an account whose tick found nothing to do gets a new one when work
		// comes.
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
			rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled},
	}}
}

type tickWorker struct {
	river.WorkerDefaults[TickArgs]
	r       *Runner
	running *runningTicks // nil unless the process holds a presence (PostgreSQL)
	ends    tickEnds      // the jobs this worker works
}

// Work ticks the account, completes the job and leaves the account's next tick job
// scheduled at its next wake-up: a tick job lives as long as the account has work, and
// its attempts count the failures of one tick only. A wake asked for while the tick ran
// (Ensure with now, from any process) makes the next job due at once: what the tick
// read when it started may not hold that work (jobs_wake.go).
func (w *tickWorker) Work(ctx context.Context, job *river.Job[TickArgs]) error {
	ctx, end, ok := w.running.begin(ctx)
	defer end()
	if !ok {
		// This process's presence is lost: another worker may take its ticks, so it
		// starts none until it holds the presence again.
		return river.JobSnooze(lostRetry)
	}
	seen, err := w.ends.wakes(ctx, job.Args.Account)
	if err != nil {
		return w.failed(ctx, job, fmt.Errorf("read the wakes asked of %s: %w", job.Args.Account, err))
	}
	start := time.Now()
	res, err := w.r.Tick(ctx, job.Args.Account)
	w.r.Metrics.tick(time.Since(start), err)
	if err != nil {
		return w.failed(ctx, job, err)
	}
	w.r.noteTick(nil)
	// A zero wake leaves no next job: nothing until a campaign starts, an answer
	// comes or the account resumes, each of which asks for a wake.
	if err := w.ends.end(ctx, job, seen, w.r.Clock.Until(res.Wake), res.Wake.IsZero()); err != nil {
		return w.failed(ctx, job, fmt.Errorf("end the tick of %s: %w", job.Args.Account, err))
	}
	// The job is completed already: River's own completion of it, written later,
	// changes nothing.
	return nil
}

// failed hands the job back at once when the process is shutting down, and otherwise
// reports err for River to retry the tick with its backoff.
func (w *tickWorker) failed(ctx context.Context, job *river.Job[TickArgs], err error) error {
	if ctx.Err() != nil {
		return river.JobSnooze(0)
	}
	err = Explain(err)
	w.r.noteTick(err)
	w.r.logger().Error("tick failed; River retries it", "account", job.Args.Account, "attempt", job.Attempt, "error", err)
	return err
}

// Jobs is paceline's River client for one database: it applies River's migrations,
// inserts tick jobs and, when it works, runs them.
type Jobs interface {
	// Migrate applies River's migrations, one process at a time: on PostgreSQL under
	// an advisory lock, on SQLite in one write transaction, so that processes started
	// together on a new database queue and the later ones find nothing left to do.
	Migrate(ctx context.Context) error
	// Version returns the highest of River's migrations the database has (0 when it
	// has none of River's tables) and the highest this paceline knows, changing
	// nothing: a command that may not change the schema refuses a database behind.
	Version(ctx context.Context) (current, latest int, err error)
	// Ensure makes sure the account has a tick job; now also brings a sleeping one
	// forward, to run at once (after a campaign starts, an answer comes or the
	// account resumes), and makes a running one, which may have read the account
	// before that work, run again as soon as it ends, whichever process asks.
	Ensure(ctx context.Context, account string, now bool) error
	// ReleaseOrphans hands back the ticks a killed process left running. Only for a
	// database one process works (SQLite under serve's lock); PostgreSQL workers rely
	// on ReleaseGone.
	ReleaseOrphans(ctx context.Context) error
	// ReleaseGone hands back the ticks left running by PostgreSQL workers that have
	// gone (their Presence is free), at once rather than after River's rescue; it is
	// safe at any time, and does nothing on SQLite or without a Presence.
	ReleaseGone(ctx context.Context) error
	// Start works tick jobs until Stop; a Jobs made without a Runner only inserts.
	Start(ctx context.Context) error
	// Stop lets running ticks finish until ctx ends, then cuts them (what they left
	// planned is reconciled later), and stops.
	Stop(ctx context.Context) error
}

// Options tune the job client.
type Options struct {
	// Workers is how many ticks run at once in this process.
	Workers int
	// Poll is how often an idle process looks for due ticks (SQLite has no
	// notifications); 0 is 200 ms.
	Poll   time.Duration
	Logger *slog.Logger
	// Presence, on PostgreSQL, marks a working process alive for the others, so
	// that ReleaseGone can tell a lost worker's ticks from a live one's.
	Presence Presence
}

// NewSQLiteJobs returns the job client on a SQLite pool; r nil for insert-only.
func NewSQLiteJobs(db *sql.DB, r *Runner, opt Options) (Jobs, error) {
	j, err := newJobs[*sql.Tx](riversqlite.New(db), sqliteWakes{db}, r, opt)
	if err != nil {
		return nil, err
	}
	j.complete = func(ctx context.Context, tx *sql.Tx, job *river.Job[TickArgs]) error {
		_, err := river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
		return err
	}
	j.migrate = func(ctx context.Context, m *rivermigrate.Migrator[*sql.Tx]) error {
		return migrateSQLite(ctx, db, m)
	}
	j.orphans = func(ctx context.Context) error {
		_, err := db.ExecContext(ctx, `UPDATE river_job SET state = 'available' WHERE state = 'running' AND kind = ?`, TickArgs{}.Kind())
		return err
	}
	return j, nil
}

// NewPostgresJobs returns the job client on a pgx pool; r nil for insert-only.
func NewPostgresJobs(pool *pgxpool.Pool, r *Runner, opt Options) (Jobs, error) {
	j, err := newJobs[pgx.Tx](riverpgxv5.New(pool), postgresWakes{pool}, r, opt)
	if err != nil {
		return nil, err
	}
	j.complete = func(ctx context.Context, tx pgx.Tx, job *river.Job[TickArgs]) error {
		_, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		return err
	}
	j.migrate = func(ctx context.Context, m *rivermigrate.Migrator[pgx.Tx]) error {
		return migratePostgres(ctx, pool, m)
	}
	if r != nil && opt.Presence != nil {
		j.gone = &goneTicks{pool: pool, presence: opt.Presence, self: j.client.ID(), running: j.running,
			grace: goneGrace, now: time.Now}
	}
	return j, nil
}

type jobs[TTx any] struct {
	driver  riverdriver.Driver[TTx]
	client  *river.Client[TTx]
	orphans func(ctx context.Context) error
	// migrate applies River's migrations with the database's other migrators kept
	// out (jobs_migrate.go).
	migrate func(ctx context.Context, m *rivermigrate.Migrator[TTx]) error
	gone    *goneTicks    // nil unless a working PostgreSQL client has a Presence
	running *runningTicks // the fence around this process's ticks, with gone
	// counter counts the wakes asked for, so that one asked while a tick runs is
	// not lost (jobs_wake.go).
	counter wakeCounter[TTx]
	// complete completes a running tick job in tx, as River's JobCompleteTx with
	// the store's driver.
	complete func(ctx context.Context, tx TTx, job *river.Job[TickArgs]) error
}

func (j *jobs[TTx]) ReleaseOrphans(ctx context.Context) error {
	if j.orphans == nil {
		return nil
	}
	if err := j.orphans(ctx); err != nil {
		return fmt.Errorf("release ticks a stopped process left running: %w", err)
	}
	return nil
}

func newJobs[TTx any](driver riverdriver.Driver[TTx], counter wakeCounter[TTx], r *Runner, opt Options) (*jobs[TTx], error) {
	cfg := &river.Config{ID: clientID(), Logger: opt.Logger}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	j := &jobs[TTx]{driver: driver, counter: counter}
	if r != nil {
		if opt.Presence != nil {
			j.running = &runningTicks{}
		}
		workers := river.NewWorkers()
		river.AddWorker(workers, &tickWorker{r: r, running: j.running, ends: j})
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max(1, opt.Workers)}}
		poll := opt.Poll
		if poll == 0 {
			poll = 200 * time.Millisecond
		}
		cfg.FetchPollInterval = poll
		cfg.FetchCooldown = min(poll, 50*time.Millisecond)
		cfg.JobTimeout = 2 * time.Minute
		cfg.RescueStuckJobsAfter = 3 * time.Minute
	}
	client, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, fmt.Errorf("start job client: %w", err)
	}
	j.client = client
	return j, nil
}

func (j *jobs[TTx]) Migrate(ctx context.Context) error {
	m, err := rivermigrate.New(j.driver, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if err := j.migrate(ctx, m); err != nil {
		return fmt.Errorf("apply river migrations: %w", err)
	}
	return nil
}

func (j *jobs[TTx]) Version(ctx context.Context) (current, latest int, err error) {
	m, err := rivermigrate.New(j.driver, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("river migrations: %w", err)
	}
	for _, v := range m.AllVersions() {
		latest = max(latest, v.Version)
	}
	have, err := m.ExistingVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("read the job queue's schema version: %w", err)
	}
	for _, v := range have {
		current = max(current, v.Version)
	}
	return current, latest, nil
}

func (j *jobs[TTx]) Ensure(ctx context.Context, account string, now bool) error {
	if now {
		// The account's tick may sleep for long: it is brought forward. A running
		// one, which River cannot bring forward and which may have read the account
		// before the work that asks for this wake, runs again as soon as it ends:
		// the wake is counted, and the tick looks at the count when it ends.
		if err := j.wakeNow(ctx, account); err != nil {
			return fmt.Errorf("wake the tick of %s: %w", account, err)
		}
		return nil
	}
	if _, err := j.client.Insert(ctx, TickArgs{Account: account}, nil); err != nil {
		return fmt.Errorf("schedule a tick of %s: %w", account, err)
	}
	return nil
}

func (j *jobs[TTx]) ReleaseGone(ctx context.Context) error {
	if j.gone == nil {
		return nil
	}
	return j.gone.release(ctx)
}

func (j *jobs[TTx]) Start(ctx context.Context) error {
	if j.gone != nil {
		// Alive before the first tick is taken, so that no other worker takes
		// this one's ticks for a lost one's.
		if err := j.gone.hold(ctx); err != nil {
			return err
		}
	}
	if err := j.client.Start(ctx); err != nil {
		j.gone.let()
		return fmt.Errorf("start job client: %w", err)
	}
	return nil
}

func (j *jobs[TTx]) Stop(ctx context.Context) error {
	err := j.client.Stop(ctx)
	if err != nil && ctx.Err() != nil {
		// Ticks that would not finish in time are cut: what they left planned is
		// reconciled by the next tick of their account.
		err = j.client.StopAndCancel(context.Background())
	}
	j.gone.let()
	return err
}
