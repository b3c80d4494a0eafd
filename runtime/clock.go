package runtime

import (
	"context"
	"sync"
	"time"

	"github.com/paceline/paceline"
)

// Clock is the runtime's notion of now. At speed 1 it runs in real time: from the wall
// clock, or from the furthest instant a tick reached when an earlier sped-up run left
// that ahead of the wall clock (it then stays that far ahead). At speed X (simulated
// accounts only) virtual time runs X times faster, from where the database says the
// last run got to, so that a restart continues rather than jumping back: time never
// runs backwards for a ledger.
type Clock struct {
	mu        sync.Mutex
	speed     float64
	virtualAt time.Time
	realAt    time.Time
	// NowFunc reads the wall clock; tests replace it.
	NowFunc func() time.Time
}

// StartClock reads the clock from the database and sets it running again from the
// furthest instant any tick reached (or the wall clock at speed 1, if later). speed 0
// keeps the stored speed (1 for a new database). Errors: EINVALID for a negative
// speed.
func StartClock(ctx context.Context, st Store, speed float64) (*Clock, error) {
	if speed < 0 {
		return nil, paceline.FieldErrorf("speed", "%g is negative (1 is real time, 1000 runs a week in 10 minutes)", speed)
	}
	c := &Clock{NowFunc: time.Now}
	real := c.NowFunc().UTC()
	stored, virtualAt, realAt, reached, ok, err := st.Clock(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case !ok:
		virtualAt = real
		if speed == 0 {
			speed = 1
		}
	default:
		// Continue from where the stored clock says it was at this wall instant, but
		// never before what a tick reached.
		v := virtualAt.Add(time.Duration(float64(real.Sub(realAt)) * stored))
		if stored != 1 {
			// A sped-up clock that was not running while the process was down
			// continues from the last instant it reached.
			v = reached
		}
		if v.Before(reached) {
			v = reached
		}
		virtualAt = v
		if speed == 0 {
			speed = stored
		}
	}
	if speed == 1 && virtualAt.Before(real) {
		virtualAt = real
	}
	c.speed, c.virtualAt, c.realAt = speed, virtualAt, real
	if err := st.SetClock(ctx, speed, virtualAt, real); err != nil {
		return nil, err
	}
	return c, nil
}

// Now returns the virtual instant.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.virtualAt.Add(time.Duration(float64(c.NowFunc().Sub(c.realAt)) * c.speed)).UTC()
}

// Speed returns how many times faster than the wall clock virtual time runs.
func (c *Clock) Speed() float64 { return c.speed }

// Until returns the wall-clock duration until the virtual instant t (zero if past).
func (c *Clock) Until(t time.Time) time.Duration {
	d := t.Sub(c.Now())
	if d <= 0 {
		return 0
	}
	return time.Duration(float64(d) / c.speed)
}
