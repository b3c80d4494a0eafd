package limits

import (
	"testing"
	"time"
)

// TestAcceptanceRateReadsLastResolutions checks that the acceptance guard counts the
// last maxResolved invite resolutions, and no more, however many came before: the
// state keeps up to twice that many between trims (State.resolve).
func TestAcceptanceRateReadsLastResolutions(t *testing.T) {
	t.Parallel()
	s := NewState(time.Unix(0, 0))
	var all []bool
	for i := 0; i < 5*maxResolved+7; i++ {
		accepted := i%3 == 0 || i > 4*maxResolved
		s.resolve(int64(i+1), accepted)
		all = append(all, accepted)
		for _, n := range []int{1, 50, maxResolved} {
			c := Config{Guards: Guards{AcceptanceWindow: n}}
			rate, latest, full := c.acceptanceRate(s)
			if len(all) < n {
				if full {
					t.Fatalf("after %d resolutions, a window of %d is full", len(all), n)
				}
				continue
			}
			acc := 0
			for _, a := range all[len(all)-n:] {
				if a {
					acc++
				}
			}
			if want := float64(acc) / float64(n); !full || rate != want || latest != int64(i+1) {
				t.Fatalf("after %d resolutions, window %d: rate %v latest %d full %v, want %v %d true", len(all), n, rate, latest, full, want, i+1)
			}
		}
		// A window longer than the resolutions kept never fills.
		c := Config{Guards: Guards{AcceptanceWindow: maxResolved + 1}}
		if _, _, full := c.acceptanceRate(s); full {
			t.Fatalf("after %d resolutions, a window of %d is full: only %d are kept", len(all), maxResolved+1, maxResolved)
		}
	}
}
