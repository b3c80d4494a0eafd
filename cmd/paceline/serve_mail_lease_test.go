package main

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// blackHoled is a poller's lock whose connection stopped answering: its check hangs
// until its context ends.
type blackHoled struct {
	mu       sync.Mutex
	released bool
}

func (b *blackHoled) Check(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func (b *blackHoled) Release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.released = true
}

// A lock connection that stops answering holds no mailbox poller for longer than the
// check's timeout: the held lock counts as lost (and is let go), taking it again
// hangs too and counts as no, and every poller waiting on the lease gets its answer.
func TestPollLeaseLockThatHangs(t *testing.T) {
	t.Parallel()
	held := &blackHoled{}
	tries := 0
	l := &pollLease{log: slog.New(slog.DiscardHandler), timeout: 50 * time.Millisecond,
		tryLockFunc: func(ctx context.Context, name string) (leaseLock, error) {
			tries++
			<-ctx.Done() // the server does not answer either
			return nil, ctx.Err()
		}}
	l.held = held
	ctx := context.Background()
	const pollers = 5
	answers := make(chan bool, pollers)
	start := time.Now()
	for range pollers {
		go func() { answers <- l.mine(ctx) }()
	}
	for range pollers {
		select {
		case mine := <-answers:
			if mine {
				t.Fatal("a lease whose lock does not answer was taken for this process's")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a mailbox poller hung on a lock that does not answer")
		}
	}
	// One check and five tries to take it, 50 ms each, one after another.
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the pollers took %s", d)
	}
	if tries != pollers {
		t.Errorf("%d tries to take the lock, want %d", tries, pollers)
	}
	deadline := time.Now().Add(time.Second)
	for {
		held.mu.Lock()
		released := held.released
		held.mu.Unlock()
		if released {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the lost lock was not let go")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
