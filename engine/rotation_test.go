package engine

import (
	"math/rand/v2"
	"testing"
)

// TestRotationPicksAsScan checks the rotation heap against a scan of every seat (the
// fewest leads per unit of weight, the first on ties), with counts that also grow
// behind its back, as an enrollment from another campaign or a restore makes them.
func TestRotationPicksAsScan(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		seats := make([]*seat, 1+rng.IntN(12))
		for i := range seats {
			seats[i] = &seat{Account: Account{Weight: rng.IntN(4)}, index: i, assigned: rng.IntN(3)}
		}
		if rng.IntN(4) == 0 {
			seats = append(seats, seats[0]) // one account named twice
		}
		r := newRotation(seats)
		for step := range 300 {
			var want *seat
			for _, s := range seats {
				if want == nil || (s.assigned+1)*want.weight() < (want.assigned+1)*s.weight() {
					want = s
				}
			}
			got := r.next()
			if got != want {
				t.Fatalf("round %d step %d: picked seat %d, the scan picks %d", round, step, got.index, want.index)
			}
			got.assigned++
			if rng.IntN(5) == 0 {
				seats[rng.IntN(len(seats))].assigned++
			}
		}
	}
}
