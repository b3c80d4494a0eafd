package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/paceline/paceline/store/postgres"
)

// mailPollLock is the PostgreSQL advisory lock whose holder reads the mailboxes.
const mailPollLock = "paceline/mail-poller"

// pollLease lets one process at a time read the mailboxes of a PostgreSQL database
// that several serve and worker processes run: the one holding mailPollLock. When it
// stops (or loses its connection) the lock goes free and the next process to try
// takes the polling over within a poll interval. A SQLite file needs none: one process
// runs it.
type pollLease struct {
	store *postgres.Store
	log   *slog.Logger

	mu   sync.Mutex
	held *postgres.HeldLock
}

// mine reports whether this process reads the mailboxes now, taking the lock when it
// is free. An error (the database away) counts as no: the poll would fail anyway.
func (l *pollLease) mine(ctx context.Context) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held != nil {
		if err := l.held.Check(ctx); err == nil {
			return true
		}
		l.held.Release()
		l.held = nil
	}
	h, err := l.store.TryLock(ctx, mailPollLock)
	if err != nil {
		if ctx.Err() == nil {
			l.log.Warn("mailbox polling: cannot take the poller's lock", "err", err)
		}
		return false
	}
	l.held = h
	return h != nil
}

// release lets the lock go, for another process to poll.
func (l *pollLease) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held != nil {
		l.held.Release()
		l.held = nil
	}
}
