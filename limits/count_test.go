package limits

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCountNearCounts checks the hinted count against the binary search over random
// ascending slices (with repeats), random questions and hints of every kind: right,
// a little off either way, far off, out of range.
func TestCountNearCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 9))
	for round := 0; round < 2000; round++ {
		s := make([]int64, rng.IntN(40))
		for i := range s {
			s[i] = rng.Int64N(100)
		}
		slices.Sort(s)
		hint := rng.IntN(60) - 10
		for q := 0; q < 20; q++ {
			x := rng.Int64N(120) - 10
			if rng.IntN(4) == 0 {
				hint = rng.IntN(60) - 10
			}
			want := countAtOrBefore(s, x)
			if got := countNear(s, x, &hint); got != want || hint != want {
				t.Fatalf("countNear(%v, %d) = %d (hint left at %d), want %d", s, x, got, hint, want)
			}
		}
	}
}
