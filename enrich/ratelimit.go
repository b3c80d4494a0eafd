package enrich

import (
	"context"
	"sync"
	"time"
)

// Limiter is a token bucket: it lets Burst requests through at once and then one every
// 1/Rate seconds. Time comes from the injected now and sleep, so tests run it on a fake
// clock and a provider's rate limit holds across goroutines sharing one Limiter.
type Limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// NewLimiter returns a full bucket of burst tokens refilled at perSecond tokens a
// second (burst below 1 counts as 1). now and sleep are the clock; SleepContext is the
// real sleep.
func NewLimiter(perSecond float64, burst int, now func() time.Time, sleep func(context.Context, time.Duration) error) *Limiter {
	b := float64(max(burst, 1))
	return &Limiter{rate: perSecond, burst: b, now: now, sleep: sleep, tokens: b, last: now()}
}

// Wait blocks until a request may go, or ctx ends. It takes its token up front and
// sleeps off the debt, so concurrent callers queue in order instead of racing for the
// next token; a cancelled wait gives its token back.
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil || l.rate <= 0 {
		return ctx.Err()
	}
	l.mu.Lock()
	now := l.now()
	if elapsed := now.Sub(l.last).Seconds(); elapsed > 0 {
		l.tokens = min(l.burst, l.tokens+elapsed*l.rate)
		l.last = now
	}
	l.tokens--
	debt := -l.tokens
	l.mu.Unlock()
	if debt <= 0 {
		return nil
	}
	d := time.Duration(debt / l.rate * float64(time.Second))
	if err := l.sleep(ctx, d); err != nil {
		l.mu.Lock()
		l.tokens++
		l.mu.Unlock()
		return err
	}
	return nil
}

// SleepContext sleeps for d or until ctx ends, whichever comes first; it is the real
// clock's sleep for Limiter and Provider.
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
