package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
)

// workerPresence marks a PostgreSQL worker alive with an advisory lock named by its
// River client ID, held on a connection of its own: when the worker stops or loses
// the database, the server lets the lock go, and the other workers hand back the ticks
// it left running (runtime.Presence).
type workerPresence struct{ store *postgres.Store }

// presenceLock names the advisory lock of the worker id.
func presenceLock(id string) string { return "paceline/worker/" + id }

// Hold takes the worker's lock.
func (p workerPresence) Hold(ctx context.Context, id string) (runtime.Held, error) {
	h, err := p.store.TryLock(ctx, presenceLock(id))
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, paceline.Errorf(paceline.EINTERNAL, "another process already runs as worker %s", id)
	}
	return h, nil
}

// Gone reports whether no process holds the worker's lock (taking it for a moment).
func (p workerPresence) Gone(ctx context.Context, id string) (bool, error) {
	h, err := p.store.TryLock(ctx, presenceLock(id))
	if err != nil || h == nil {
		return false, err
	}
	h.Release()
	return true, nil
}
