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
	// is lost.
	Hold(ctx context.Context, id string) (Held, error)
	// Gone reports whether no process holds the presence of id.
	Gone(ctx context.Context, id string) (bool, error)
}

// Held is a presence this process holds.
type Held interface {
	// Check reports an error when the presence may have been lost.
	Check(ctx context.Context) error
	// Release lets the presence go; it may be called more than once.
	Release()
}

// goneGrace is how long a worker's presence must stay free before the others hand
// back its running ticks. A worker that lost only its presence's connection finds out
// at its next supervise round (every 2 s, checkTimeout at most) and cuts its own ticks
// first (runningTicks), so that no account is ever ticked by two processes at once.
const goneGrace = 10 * time.Second

// checkTimeout bounds the check of this worker's own presence on a connection that
// stopped answering.
const checkTimeout = 3 * time.Second

// goneTicks hands back the ticks of workers whose presence is free.
type goneTicks struct {
	pool     *pgxpool.Pool
	presence Presence
	self     string
	running  *runningTicks
	grace    time.Duration
	now      func() time.Time

	mu      sync.Mutex
	working bool // between hold and let
	held    Held // nil while working when the presence was lost and not yet taken again
	// goneSince holds when each worker with running ticks was first found gone.
	goneSince map[string]time.Time
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
	return nil
}

// let releases this worker's presence; nil-safe.
func (g *goneTicks) let() {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.held != nil {
		g.held.Release()
	}
	g.held, g.working = nil, false
}

// release takes this worker's presence again if its connection was lost, then hands
// back every running tick whose last taker's presence is free.
func (g *goneTicks) release(ctx context.Context) error {
	if err := g.keep(ctx); err != nil {
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

// keep takes the presence again when it was lost while this worker lives, after
// cutting the ticks it runs: the others may hand them back once the grace is over.
func (g *goneTicks) keep(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.working {
		return nil
	}
	if g.held != nil {
		check, cancel := context.WithTimeout(ctx, checkTimeout)
		err := g.held.Check(check)
		cancel()
		if err == nil {
			return nil
		}
		g.running.cut()
		g.held.Release()
		g.held = nil
	}
	h, err := g.presence.Hold(ctx, g.self)
	if err != nil {
		return fmt.Errorf("mark worker %s alive again: %w", g.self, err)
	}
	g.held = h
	g.running.held()
	return nil
}
