package runtime

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Presence marks the PostgreSQL workers that are alive. A worker holds its presence,
// named by its River client ID, while it works ticks; when it stops, or is lost with
// its connection, the presence goes free, and the others hand back the ticks it left
// running at once instead of after River's rescue (minutes). Every worker on one
// database must hold one: a worker of a version without it looks gone.
type Presence interface {
	// Hold marks the process id alive until the Held is released or its connection
	// is lost; it returns when ctx ends.
	Hold(ctx context.Context, id string) (Held, error)
	// Gone reports whether no process holds the presence of id.
	Gone(ctx context.Context, id string) (bool, error)
}

// Held is a presence this process holds.
type Held interface {
	// Check reports an error when the presence may have been lost; it returns when
	// ctx ends (a connection that stopped answering counts as lost).
	Check(ctx context.Context) error
	// Release lets the presence go; it may be called more than once.
	Release()
}

// goneGrace is how long a worker's presence must stay free before the others hand
// back its running ticks. A worker checks its own presence on a schedule of its own
// (keepEvery, checkTimeout at most; keepPresence), whatever its supervise rounds cost,
// so one that lost only its presence's connection cuts its own ticks (runningTicks)
// within keepEvery+checkTimeout, well before the grace is over: no account is ever
// ticked by two processes at once.
const goneGrace = 10 * time.Second

// keepEvery is how often a working process checks that it still holds its presence.
const keepEvery = 2 * time.Second

// checkTimeout bounds the check of this worker's own presence, and the taking of it
// again, on a connection that stopped answering: a check that does not answer in time
// counts as a lost presence.
const checkTimeout = 3 * time.Second

// quietFailures is how many checks in a row may fail to take the presence back
// before ReleaseGone reports it: another worker testing whether this one is gone
// holds its lock for a moment, and a single failure then is no fault.
const quietFailures = 2

// goneTicks hands back the ticks of workers whose presence is free, and keeps this
// worker's own presence (keepPresence).
type goneTicks struct {
	pool     *pgxpool.Pool
	presence Presence
	self     string
	running  *runningTicks
	grace    time.Duration
	now      func() time.Time
	// every and timeout replace keepEvery and checkTimeout when set (tests).
	every, timeout time.Duration

	mu      sync.Mutex
	working bool // between hold and let
	held    Held // nil while working when the presence was lost and not yet taken again
	// goneSince holds when each worker with running ticks was first found gone.
	goneSince map[string]time.Time
	// stopKeeping ends keepPresence and waits for it; nil when it does not run.
	stopKeeping func()
	// failed counts the checks in a row that could not take the presence back, and
	// failure is the last one's error.
	failed  int
	failure error
}

// hold takes this worker's presence.
func (g *goneTicks) hold(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	h, err := g.presence.Hold(ctx, g.self)
	if err != nil {
		return fmt.Errorf("mark worker %s alive: %w", g.self, err)
	}
	g.held, g.working = h, true
	g.running.held()
	g.failed, g.failure = 0, nil
	keeping, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		g.keepPresence(keeping)
	}()
	g.stopKeeping = func() { cancel(); <-done }
	return nil
}

// let releases this worker's presence; nil-safe.
func (g *goneTicks) let() {
	if g == nil {
		return
	}
	// The checks end first, outside the lock that each of them takes.
	g.mu.Lock()
	stop := g.stopKeeping
	g.stopKeeping = nil
	g.mu.Unlock()
	if stop != nil {
		stop()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.held != nil {
		g.held.Release()
	}
	g.held, g.working = nil, false
}

// release hands back every running tick whose last taker's presence is free. It
// reports first that this worker's own presence could not be taken back for a few
// checks in a row (keepPresence), the database failing for it.
func (g *goneTicks) release(ctx context.Context) error {
	if err := g.lost(); err != nil {
		return err
	}
	rows, err := g.pool.Query(ctx, `SELECT id, attempted_by[cardinality(attempted_by)] FROM river_job
		WHERE state = 'running' AND kind = $1 AND cardinality(attempted_by) > 0`, TickArgs{}.Kind())
	if err != nil {
		return fmt.Errorf("list running ticks: %w", err)
	}
	byOwner := map[string][]int64{}
	defer func() { g.forget(byOwner) }()
	for rows.Next() {
		var id int64
		var owner string
		if err := rows.Scan(&id, &owner); err != nil {
			rows.Close()
			return fmt.Errorf("list running ticks: %w", err)
		}
		if owner != g.self {
			byOwner[owner] = append(byOwner[owner], id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list running ticks: %w", err)
	}
	for owner, ids := range byOwner {
		gone, err := g.presence.Gone(ctx, owner)
		if err != nil {
			return fmt.Errorf("is worker %s alive: %w", owner, err)
		}
		if !g.goneLongEnough(owner, gone) {
			continue
		}
		// Only while the gone worker is still the last taker: a tick River rescued
		// and a live worker took since is left to it.
		if _, err := g.pool.Exec(ctx, `UPDATE river_job SET state = 'available', scheduled_at = least(scheduled_at, now())
			WHERE id = ANY($1) AND state = 'running' AND attempted_by[cardinality(attempted_by)] = $2`, ids, owner); err != nil {
			return fmt.Errorf("hand back the ticks of lost worker %s: %w", owner, err)
		}
	}
	return nil
}

// goneLongEnough notes whether owner is gone now and reports whether it has been gone
// for the grace: only then are its ticks handed back.
func (g *goneTicks) goneLongEnough(owner string, gone bool) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !gone {
		delete(g.goneSince, owner)
		return false
	}
	since, ok := g.goneSince[owner]
	if !ok {
		if g.goneSince == nil {
			g.goneSince = map[string]time.Time{}
		}
		g.goneSince[owner] = g.now()
		return g.grace <= 0
	}
	return g.now().Sub(since) >= g.grace
}

// forget drops the workers that no longer have running ticks.
func (g *goneTicks) forget(owners map[string][]int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for owner := range g.goneSince {
		if _, ok := owners[owner]; !ok {
			delete(g.goneSince, owner)
		}
	}
}

// keepPresence checks this worker's presence every keepEvery until ctx ends, on its
// own schedule: a supervise round slowed by a busy database must not delay the cut of
// this worker's ticks past the grace the others wait.
func (g *goneTicks) keepPresence(ctx context.Context) {
	every := g.every
	if every <= 0 {
		every = keepEvery
	}
	t := time.NewTimer(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		g.keepOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		t.Reset(every)
	}
}

// keepOnce checks the presence once (keep) and counts the failures in a row.
func (g *goneTicks) keepOnce(ctx context.Context) {
	err := g.keep(ctx)
	if ctx.Err() != nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if err == nil {
		g.failed, g.failure = 0, nil
	} else {
		g.failed++
		g.failure = err
	}
}

// lost reports the failure to take this worker's presence back once it has lasted
// quietFailures checks.
func (g *goneTicks) lost() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failed < quietFailures {
		return nil
	}
	return g.failure
}

// keep takes the presence again when it was lost while this worker lives, after
// cutting the ticks it runs: the others may hand them back once the grace is over. A
// check or a taking that does not answer within checkTimeout fails.
func (g *goneTicks) keep(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.working {
		return nil
	}
	timeout := g.timeout
	if timeout <= 0 {
		timeout = checkTimeout
	}
	if g.held != nil {
		check, cancel := context.WithTimeout(ctx, timeout)
		err := g.held.Check(check)
		cancel()
		if err == nil || ctx.Err() != nil {
			return ctx.Err() // let() stops the checks and releases the presence itself
		}
		g.running.cut()
		g.held.Release()
		g.held = nil
	}
	take, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	h, err := g.presence.Hold(take, g.self)
	if err != nil {
		return fmt.Errorf("mark worker %s alive again: %w", g.self, err)
	}
	g.held = h
	g.running.held()
	return nil
}
