package runtime

import (
	"context"
	"sync"
	"time"
)

// runningTicks is this process's fence around its ticks on PostgreSQL: the ticks it
// runs, so that they can be cut the moment its presence is found lost, and whether it
// is lost, so that no tick starts until the presence is held again. Other workers hand
// a gone worker's ticks back only after goneGrace, by when its own ticks have stopped:
// an account is never ticked by two processes at once.
type runningTicks struct {
	mu      sync.Mutex
	next    int
	cancels map[int]context.CancelFunc
	lost    bool
}

// lostRetry is how soon a tick refused while the presence is lost is tried again.
const lostRetry = time.Second

// begin registers a tick about to run and returns its context, which cut cancels, and
// the function to call when it ends; ok is false while the presence is lost (the tick
// must not run). A nil runningTicks lets every tick run.
func (r *runningTicks) begin(ctx context.Context) (_ context.Context, end func(), ok bool) {
	if r == nil {
		return ctx, func() {}, true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lost {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithCancel(ctx)
	if r.cancels == nil {
		r.cancels = map[int]context.CancelFunc{}
	}
	id := r.next
	r.next++
	r.cancels[id] = cancel
	return ctx, func() {
		r.mu.Lock()
		delete(r.cancels, id)
		r.mu.Unlock()
		cancel()
	}, true
}

// cut cancels every running tick and refuses new ones until held; nil-safe.
func (r *runningTicks) cut() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lost = true
	for _, cancel := range r.cancels {
		cancel()
	}
}

// held lets ticks run again; nil-safe.
func (r *runningTicks) held() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lost = false
}
