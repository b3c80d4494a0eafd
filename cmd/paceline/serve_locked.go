package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/paceline/paceline/store/sqlite"
)

// lockNoticeAfter is how long serve or worker waits at start, silently, before it
// looks whether another process holds the database's write lock and says so.
const lockNoticeAfter = 3 * time.Second

// readyWriteWait is how long /readyz waits for the database's write lock: a database
// another process holds answers reads (WAL) and nothing else, which is not ready.
const readyWriteWait = time.Second

// writeProber is a store that can tell whether a write could begin (SQLite's).
type writeProber interface {
	ProbeWrite(ctx context.Context, wait time.Duration) error
}

// lockedUnreadyAfter is how long the database's write lock must stay out of reach,
// check after check, before /readyz says so: serve's own long writes (an import of a
// million leads through the dashboard, about 15 s) hold it too, and a probe on a
// connection of its own cannot tell them from another process's (review C).
const lockedUnreadyAfter = 30 * time.Second

// readiness is /readyz's check: the database answers a read and, on SQLite, a write
// could begin within readyWriteWait at some check of the last lockedUnreadyAfter. QA
// held the file in a sqlite3 transaction for 40 s and /readyz said ready throughout,
// while no tick could record anything.
func readiness(ctx context.Context, st serviceStore) func() error {
	return readinessAt(ctx, st, time.Now)
}

// readinessAt is readiness on the clock now.
func readinessAt(ctx context.Context, st serviceStore, now func() time.Time) func() error {
	var mu sync.Mutex
	var lockedSince time.Time // the first check of a run of checks that found it locked
	return func() error {
		if _, err := st.Accounts(ctx); err != nil {
			return err
		}
		p, ok := st.(writeProber)
		if !ok {
			return nil
		}
		err := p.ProbeWrite(ctx, readyWriteWait)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err == nil:
			lockedSince = time.Time{}
			return nil
		case !sqlite.IsLocked(err):
			return err
		case lockedSince.IsZero():
			lockedSince = now()
		}
		if now().Sub(lockedSince) < lockedUnreadyAfter {
			return nil // maybe serve's own long write: ready until it lasts too long
		}
		return err
	}
}

// sayWhileLocked watches serve's or worker's (command's) start on the SQLite file db:
// if it is still starting after lockNoticeAfter and another process holds the
// database's write lock, it says so on stderr, with how to find that process. Serve
// used to wait up to two minutes (SQLite's busy timeout) printing nothing. The
// returned func ends the watch: call it once started.
func (a *app) sayWhileLocked(ctx context.Context, command, db string) (started func()) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTimer(lockNoticeAfter)
		defer t.Stop()
		select {
		case <-stop:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if notice := lockedNotice(ctx, command, db); notice != "" {
			fmt.Fprintln(a.stderr, notice)
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(stop) })
		<-done
	}
}

// lockedNotice is what command says while it waits for the write lock of the SQLite
// file db that another process holds; "" when no other process holds it (or there is
// no file yet).
func lockedNotice(ctx context.Context, command, db string) string {
	if _, err := os.Stat(db); err != nil {
		return ""
	}
	if err := sqlite.ProbeWrite(ctx, db, 0); !sqlite.IsLocked(err) {
		return ""
	}
	return fmt.Sprintf("paceline: %s is waiting for the database %s: another process holds its write lock (a sqlite3 shell or another program in a transaction, a long import); %s. %s starts once the lock is free, and gives up after 2 minutes.",
		command, db, sqlite.FindLockHolder(db), command)
}
