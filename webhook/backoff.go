package webhook

import (
	"math/rand/v2"
	"sync"
	"time"
)

// DefaultBackoff is the wait before each retry: the first attempt is made when the
// message is enqueued, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, eight
// attempts over about 28 hours, so a receiver that is down for a night still gets
// everything. It follows the schedule the Standard Webhooks documents suggest.
var DefaultBackoff = []time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
	5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
}

// jitter is the part of a delay drawn at random (±20%), so that the retries of many
// deliveries that failed together (a receiver restarting) do not come back together.
const jitter = 0.2

// backoff draws the delays of retries from one seeded source, safe for the
// concurrent senders of one Deliverer.
type backoff struct {
	mu    sync.Mutex
	rnd   *rand.Rand
	delay []time.Duration
}

// next returns the wait before retry n (1 for the retry after the first failure) and
// false when there are no more retries.
func (b *backoff) next(n int) (time.Duration, bool) {
	if n < 1 || n > len(b.delay) {
		return 0, false
	}
	b.mu.Lock()
	f := 1 - jitter + 2*jitter*b.rnd.Float64()
	b.mu.Unlock()
	return time.Duration(float64(b.delay[n-1]) * f), true
}
