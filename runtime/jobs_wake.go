package runtime

import (
	"context"
	"database/sql"
	"encoding/json"
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
// The end is one transaction that sets the job's state (snoozed until the wake, or
// completed, with the driver's statement River's JobCompleteTx uses) and then reads
// the count; Ensure's transaction bumps the count and then inserts or brings forward
// the job. Both take the job's row, so they are ordered by its lock (on SQLite by the
// one writer, the DSN's transactions being immediate): an Ensure that came first is
// seen by the tick's read, one that came after finds the job already scheduled or
// completed, and brings it forward or inserts a new one. Checking the count before the
// job's state is set by River's completer, after Work returns, would leave a moment in
// which a wake finds the job running and the tick no longer looking. The completer
// leaves a job it no longer finds running alone.

// wakeCounter reads and bumps the accounts' counts of wake requests, on the database
// the jobs live in (SQLite or PostgreSQL).
type wakeCounter[TTx any] interface {
	begin(ctx context.Context) (TTx, error)
	commit(ctx context.Context, tx TTx) error
	rollback(ctx context.Context, tx TTx)
	// read returns the account's count, 0 when it was never asked to wake.
	read(ctx context.Context, account string) (int64, error)
	readTx(ctx context.Context, tx TTx, account string) (int64, error)
	bump(ctx context.Context, tx TTx, account string) error
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
	// end snoozes the job for d (done: completes it) unless the account's count is no
	// longer seen, in which case it leaves the job running and reports again true:
	// the tick must run again at once.
	end(ctx context.Context, job *river.Job[TickArgs], seen int64, d time.Duration, done bool) (again bool, err error)
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

// snoozeAvailable is River's scheduler interval: a snooze no longer than it makes the
// job available at once (due at its instant), as River's own snooze does.
const snoozeAvailable = 5 * time.Second

func (j *jobs[TTx]) end(ctx context.Context, job *river.Job[TickArgs], seen int64, d time.Duration, done bool) (bool, error) {
	tx, err := j.counter.begin(ctx)
	if err != nil {
		return false, err
	}
	defer j.counter.rollback(ctx, tx)
	params, err := endParams(job, d, done)
	if err != nil {
		return false, err
	}
	// The job's row first: an Ensure that holds it has counted its wake already.
	if _, err := j.driver.UnwrapExecutor(tx).JobSetStateIfRunningMany(ctx, &riverdriver.JobSetStateIfRunningManyParams{
		ID:              []int64{params.ID},
		Attempt:         []*int{params.Attempt},
		ErrData:         [][]byte{params.ErrData},
		FinalizedAt:     []*time.Time{params.FinalizedAt},
		MetadataDoMerge: []bool{params.MetadataDoMerge},
		MetadataUpdates: [][]byte{params.MetadataUpdates},
		ScheduledAt:     []*time.Time{params.ScheduledAt},
		State:           []rivertype.JobState{params.State},
	}); err != nil {
		return false, fmt.Errorf("set the job's state: %w", err)
	}
	now, err := j.counter.readTx(ctx, tx, job.Args.Account)
	if err != nil {
		return false, fmt.Errorf("read the wakes asked for: %w", err)
	}
	if now != seen {
		return true, nil // rolled back: the job stays running, and is snoozed for 0
	}
	return false, j.counter.commit(ctx, tx)
}

// endParams are the state the job ends its tick in, as River sets it for a worker
// that returns nil (done) or snoozes for d: a snooze is no attempt and is counted in
// the job's metadata.
func endParams(job *river.Job[TickArgs], d time.Duration, done bool) (*riverdriver.JobSetStateIfRunningParams, error) {
	now := time.Now()
	if done {
		return riverdriver.JobSetStateCompleted(job.ID, now, nil), nil
	}
	var meta struct {
		Snoozes int64 `json:"snoozes"`
	}
	if len(job.Metadata) > 0 {
		// A metadata River wrote and cannot read back only restarts the count.
		_ = json.Unmarshal(job.Metadata, &meta)
	}
	updates, err := json.Marshal(map[string]int64{"snoozes": meta.Snoozes + 1})
	if err != nil {
		return nil, err
	}
	if d <= snoozeAvailable {
		return riverdriver.JobSetStateSnoozedAvailable(job.ID, now.Add(d), job.Attempt-1, updates), nil
	}
	return riverdriver.JobSetStateSnoozed(job.ID, now.Add(d), job.Attempt-1, updates), nil
}
