package runtime

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// A wake asked for while an account's tick runs must not be lost. River cannot bring
// a running job forward (JobRetry leaves it alone), and the tick plans its next wake
// from what it read when it started: without more, an accept posted meanwhile waited
// for that wake (weeks, for an invite's timeout), and a campaign started meanwhile,
// the tick having found nothing to do, was left with no tick job at all. So every
// Ensure with now counts itself in tick_wakes (store migrations 0023), from whichever
// process, and a tick reads the count before it starts and again when it ends: one
// that moved runs the tick again at once.
//
// The end is one transaction that takes the job's row (it must still be this run's:
// running, at this attempt, or the end fails and River retries the tick), completes
// the job as River's JobCompleteTx does, reads the count and, when the account needs
// another tick (a wake planned, or the count moved: at once), inserts the next tick job
// scheduled at the wake. TickArgs' unique rule lets it in, the job it follows being
// completed in the same transaction. Ensure's transaction bumps the count and then
// inserts or brings forward the job. Both take the live job's row, so they are ordered
// by its lock (on SQLite by the one writer, the DSN's transactions being immediate):
// an Ensure that came first is seen by the tick's read, one that came after finds the
// next job scheduled (and brings it forward) or none (and inserts one).
//
// Why a next job rather than the same one snoozed. River's executor writes the result
// of Work once it returns, in its batch completer up to 250 ms later, under the one
// condition that the job be running. A tick that set its own job's state (snoozed to
// its wake, or available at once) and returned nil left River's completion queued: the
// job, fetchable again, could be taken by the next run meanwhile, and the late
// completion then marked that run completed while it ticked, leaving the account with
// no tick job and letting the supervisor's Ensure insert a second one beside the
// running tick. Returning River's own JobSnooze instead leaves the job running until
// the completer writes, after the tick has last looked at the count: a wake asked for
// in between finds the job running, is only counted, and waits for the planned wake.
// Nothing of paceline can run after the completer. A job completed within the
// transaction is what River supports (JobCompleteTx): its late completion finds the
// row completed and changes nothing, and it can never reach the next job, a row of its
// own. A completed tick job is kept for River's retention (a day) like any other, then
// cleaned; the account's live tick job is still one at most.

// wakeCounter reads and bumps the accounts' counts of wake requests, and takes a tick
// job's row for its end, on the database the jobs live in (SQLite or PostgreSQL).
type wakeCounter[TTx any] interface {
	begin(ctx context.Context) (TTx, error)
	commit(ctx context.Context, tx TTx) error
	rollback(ctx context.Context, tx TTx)
	// read returns the account's count, 0 when it was never asked to wake.
	read(ctx context.Context, account string) (int64, error)
	readTx(ctx context.Context, tx TTx, account string) (int64, error)
	bump(ctx context.Context, tx TTx, account string) error
	// lockJob takes the job's row for the transaction and returns its state and
	// attempt.
	lockJob(ctx context.Context, tx TTx, id int64) (state rivertype.JobState, attempt int, err error)
}

const (
	readWakes = `SELECT wakes FROM tick_wakes WHERE account = `
	bumpWakes = `INSERT INTO tick_wakes (account, wakes) VALUES (%s, 1)
		ON CONFLICT (account) DO UPDATE SET wakes = tick_wakes.wakes + 1`
)

type sqliteWakes struct{ db *sql.DB }

func (w sqliteWakes) begin(ctx context.Context) (*sql.Tx, error) { return w.db.BeginTx(ctx, nil) }

func (w sqliteWakes) commit(_ context.Context, tx *sql.Tx) error { return tx.Commit() }

func (w sqliteWakes) rollback(_ context.Context, tx *sql.Tx) { _ = tx.Rollback() }

func (w sqliteWakes) read(ctx context.Context, account string) (int64, error) {
	return scanWakes(w.db.QueryRowContext(ctx, readWakes+`?`, account), sql.ErrNoRows)
}

func (w sqliteWakes) readTx(ctx context.Context, tx *sql.Tx, account string) (int64, error) {
	return scanWakes(tx.QueryRowContext(ctx, readWakes+`?`, account), sql.ErrNoRows)
}

func (w sqliteWakes) bump(ctx context.Context, tx *sql.Tx, account string) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf(bumpWakes, "?"), account)
	return err
}

func (w sqliteWakes) lockJob(ctx context.Context, tx *sql.Tx, id int64) (rivertype.JobState, int, error) {
	// The transaction is immediate (the jobs DSN): the one writer holds the row.
	return scanJob(tx.QueryRowContext(ctx, `SELECT state, attempt FROM river_job WHERE id = ?`, id))
}

type postgresWakes struct{ pool *pgxpool.Pool }

// begin reads committed data at each statement, whatever the database's default: the
// tick's end must see an Ensure that committed while it waited for the job's row.
func (w postgresWakes) begin(ctx context.Context) (pgx.Tx, error) {
	return w.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
}

func (w postgresWakes) commit(ctx context.Context, tx pgx.Tx) error { return tx.Commit(ctx) }

func (w postgresWakes) rollback(ctx context.Context, tx pgx.Tx) {
	_ = tx.Rollback(context.WithoutCancel(ctx))
}

func (w postgresWakes) read(ctx context.Context, account string) (int64, error) {
	return scanWakes(w.pool.QueryRow(ctx, readWakes+`$1`, account), pgx.ErrNoRows)
}

func (w postgresWakes) readTx(ctx context.Context, tx pgx.Tx, account string) (int64, error) {
	return scanWakes(tx.QueryRow(ctx, readWakes+`$1`, account), pgx.ErrNoRows)
}

func (w postgresWakes) lockJob(ctx context.Context, tx pgx.Tx, id int64) (rivertype.JobState, int, error) {
	return scanJob(tx.QueryRow(ctx, `SELECT state::text, attempt FROM river_job WHERE id = $1 FOR UPDATE`, id))
}

// scanJob reads a job's state and attempt.
func scanJob(row interface{ Scan(...any) error }) (rivertype.JobState, int, error) {
	var state string
	var attempt int
	if err := row.Scan(&state, &attempt); err != nil {
		return "", 0, err
	}
	return rivertype.JobState(state), attempt, nil
}

// scanWakes reads a count: none (noRows) is 0.
func scanWakes(row interface{ Scan(...any) error }, noRows error) (int64, error) {
	var n int64
	if err := row.Scan(&n); err != nil && !errors.Is(err, noRows) {
		return 0, err
	}
	return n, nil
}

func (w postgresWakes) bump(ctx context.Context, tx pgx.Tx, account string) error {
	_, err := tx.Exec(ctx, fmt.Sprintf(bumpWakes, "$1"), account)
	return err
}

// tickEnds is what a tick job needs of its Jobs to notice the wakes asked for while
// it ran.
type tickEnds interface {
	// wakes returns the account's count of wake requests, read before its tick.
	wakes(ctx context.Context, account string) (int64, error)
	// end completes the job and, unless done and the account's count is still seen,
	// inserts the account's next tick job, due in d, or at once when the count moved:
	// the tick must run again.
	end(ctx context.Context, job *river.Job[TickArgs], seen int64, d time.Duration, done bool) error
}

// wakeNow counts a wake request for the account and makes sure its tick job exists
// and, unless it runs, runs now; one that runs sees the count move when it ends.
func (j *jobs[TTx]) wakeNow(ctx context.Context, account string) error {
	tx, err := j.counter.begin(ctx)
	if err != nil {
		return err
	}
	defer j.counter.rollback(ctx, tx)
	if err := j.counter.bump(ctx, tx, account); err != nil {
		return fmt.Errorf("count the wake: %w", err)
	}
	res, err := j.client.InsertTx(ctx, tx, TickArgs{Account: account}, nil)
	if err != nil {
		return err
	}
	if res.UniqueSkippedAsDuplicate && res.Job != nil && res.Job.State != rivertype.JobStateRunning {
		if _, err := j.client.JobRetryTx(ctx, tx, res.Job.ID); err != nil && !errors.Is(err, river.ErrNotFound) {
			return err
		}
	}
	return j.counter.commit(ctx, tx)
}

func (j *jobs[TTx]) wakes(ctx context.Context, account string) (int64, error) {
	return j.counter.read(ctx, account)
}

// snoozeAvailable is River's scheduler interval: the scheduler makes a scheduled job
// available only up to this ahead of its time, so a next job due sooner is made
// available at once (to be taken at its instant), as River's own snooze does.
const snoozeAvailable = 5 * time.Second

func (j *jobs[TTx]) end(ctx context.Context, job *river.Job[TickArgs], seen int64, d time.Duration, done bool) error {
	tx, err := j.counter.begin(ctx)
	if err != nil {
		return err
	}
	defer j.counter.rollback(ctx, tx)
	// The job's row first: an Ensure that holds it has counted its wake already.
	state, attempt, err := j.counter.lockJob(ctx, tx, job.ID)
	if err != nil {
		return fmt.Errorf("read the tick job %d: %w", job.ID, err)
	}
	if state != rivertype.JobStateRunning || attempt != job.Attempt {
		// Handed back (its worker taken for gone) or finished by another: what the
		// tick planned is left to whoever holds the job now, and River retries this.
		return fmt.Errorf("the tick job %d is no longer this run's (%s at attempt %d, this run's attempt %d)", job.ID, state, attempt, job.Attempt)
	}
	if err := j.complete(ctx, tx, job); err != nil {
		return fmt.Errorf("complete the tick job %d: %w", job.ID, err)
	}
	now, err := j.counter.readTx(ctx, tx, job.Args.Account)
	if err != nil {
		return fmt.Errorf("read the wakes asked for: %w", err)
	}
	if now != seen {
		d, done = 0, false // asked for while the tick ran: again at once
	}
	if !done {
		if err := j.next(ctx, tx, job.Args.Account, d); err != nil {
			return fmt.Errorf("schedule the next tick: %w", err)
		}
	}
	return j.counter.commit(ctx, tx)
}

// next inserts the account's next tick job, due in d, in the transaction that
// completed the one it follows.
func (j *jobs[TTx]) next(ctx context.Context, tx TTx, account string, d time.Duration) error {
	var opts river.InsertOpts
	at := time.Now().Add(d)
	if d > 0 {
		opts.ScheduledAt = at
	}
	res, err := j.client.InsertTx(ctx, tx, TickArgs{Account: account}, &opts)
	if err != nil {
		return err
	}
	switch {
	case res.UniqueSkippedAsDuplicate:
		// Another live tick job of the account: it is brought forward if it would
		// sleep past this wake (a tick run early plans again).
		if res.Job != nil && res.Job.State != rivertype.JobStateRunning && res.Job.ScheduledAt.After(at) {
			if _, err := j.client.JobRetryTx(ctx, tx, res.Job.ID); err != nil && !errors.Is(err, river.ErrNotFound) {
				return err
			}
		}
	case d > 0 && d <= snoozeAvailable:
		if _, err := j.driver.UnwrapExecutor(tx).JobUpdateFull(ctx, &riverdriver.JobUpdateFullParams{
			ID: res.Job.ID, StateDoUpdate: true, State: rivertype.JobStateAvailable,
		}); err != nil {
			return err
		}
	}
	return nil
}
