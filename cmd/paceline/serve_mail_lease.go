package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/paceline/paceline/store/postgres"
)

// mailPollLock is the PostgreSQL advisory lock whose holder reads the mailboxes.
const mailPollLock = "paceline/mail-poller"

// leaseCheckTimeout bounds each check of the poller's lock and each try to take it:
// every mailbox's poller waits on the lease, so a lock connection that stopped
// answering must not hold them all (nor keep another process from polling).
const leaseCheckTimeout = 3 * time.Second

// leaseLock is the poller's lock once taken (a *postgres.HeldLock).
type leaseLock interface {
	Check(ctx context.Context) error
	Release()
}

// pollLease lets one process at a time read the mailboxes of a PostgreSQL database
// that several serve and worker processes run: the one holding mailPollLock. When it
// stops (or loses its connection) the lock goes free and the next process to try
// takes the polling over within a poll interval. A SQLite file needs none: one process
// runs it.
type pollLease struct {
	store *postgres.Store
	log   *slog.Logger
	// tryLockFunc takes the lock, nil when another process holds it; store.TryLock
	// when nil (tests replace it).
	tryLockFunc func(ctx context.Context, name string) (leaseLock, error)
	// timeout replaces leaseCheckTimeout when set (tests).
	timeout time.Duration

	mu   sync.Mutex
	held leaseLock
}

// mine reports whether this process reads the mailboxes now, taking the lock when it
// is free. An error (the database away, or no answer within leaseCheckTimeout) counts
// as no: the poll would fail anyway.
func (l *pollLease) mine(ctx context.Context) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	timeout := l.timeout
	if timeout <= 0 {
		timeout = leaseCheckTimeout
	}
	if l.held != nil {
		check, cancel := context.WithTimeout(ctx, timeout)
		err := l.held.Check(check)
		cancel()
		if err == nil {
			return true
		}
		// Let go outside the wait: the unlock on a connection that stopped
		// answering takes its own timeout, and the lock is lost anyway.
		go l.held.Release()
		l.held = nil
	}
	take, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	h, err := l.tryLock(take)
	if err != nil {
		if ctx.Err() == nil {
			l.log.Warn("mailbox polling: cannot take the poller's lock", "err", err)
		}
		return false
	}
	l.held = h
	return h != nil
}

// tryLock takes mailPollLock; nil (and no error) when another process holds it.
func (l *pollLease) tryLock(ctx context.Context) (leaseLock, error) {
	if l.tryLockFunc != nil {
		return l.tryLockFunc(ctx, mailPollLock)
	}
	h, err := l.store.TryLock(ctx, mailPollLock)
	if err != nil || h == nil {
		return nil, err // a nil *HeldLock is no lock, not a leaseLock holding nil
	}
	return h, nil
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
