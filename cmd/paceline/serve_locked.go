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

// readiness is /readyz's check: the database answers a read and, on SQLite, a write
// can begin within readyWriteWait. QA held the file in a sqlite3 transaction for 40 s
// and /readyz said ready throughout, while no tick could record anything.
func readiness(ctx context.Context, st serviceStore) func() error {
	return func() error {
		if _, err := st.Accounts(ctx); err != nil {
			return err
		}
		if p, ok := st.(writeProber); ok {
			return p.ProbeWrite(ctx, readyWriteWait)
		}
		return nil
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
