package limits

import (
	"math"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestHugeCapIsNoTighterThanASmallOne gives an account caps as large as an int holds,
// the way a user writes "no limit" (--cap invite=9223372036854775807). Scaling such a
// cap by the safety margin overflowed the conversion back to an int and left one
// invite a week; the day's budget, rounded up by adding first, overflowed to a
// negative number, and the spacing divided by budget+1. Such an account must act at
// least as freely as one with an ordinary cap, and its snapshot must show the cap.
func TestHugeCapIsNoTighterThanASmallOne(t *testing.T) {
	t.Parallel()
	for _, days := range []paceline.WorkingDays{paceline.DefaultWorkingDays, 1 << time.Tuesday} {
		for _, safety := range []float64{1, 0.95} {
			p := newPacer(t, paceline.TypeFree, func(c *Config) {
				c.Weekly[paceline.KindInvite.Index()] = math.MaxInt
				c.Schedule.Days = days
				c.Safety = safety
			})
			now := at(2, 9, 0)
			n := 0
			for end := at(2, 18, 0); n < 1000; n++ {
				d := p.Decide(now, Request{Kind: paceline.KindInvite})
				if !d.Allowed {
					if d.At.IsZero() || !d.At.Before(end) {
						break
					}
					now = d.At
					continue
				}
				done(p, paceline.KindInvite, now)
			}
			if n < 100 {
				t.Errorf("days %s, safety %g: %d invites on Tuesday under a cap of %d", days, safety, n, math.MaxInt)
			}
			if got := scaled(math.MaxInt, safety); got < math.MaxInt/2 {
				t.Errorf("scaled(MaxInt, %g) = %d", safety, got)
			}
		}
	}
	for _, tt := range []struct {
		limit  int
		factor float64
		want   int
	}{{100, 1, 100}, {100, 0.95, 95}, {4, 0.5, 2}, {1, 0.2, 1}, {0, 1, 0}, {-1, 1, -1}, {math.MaxInt, 1, math.MaxInt}} {
		if got := scaled(tt.limit, tt.factor); got != tt.want {
			t.Errorf("scaled(%d, %g) = %d, want %d", tt.limit, tt.factor, got, tt.want)
		}
	}
}
