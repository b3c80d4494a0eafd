package limits

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestLeadTimesActsAsMap sets, removes and reads random leads from a small key space
// (so entries collide, wrap around the table's end and are shifted back on removal)
// and checks every answer against a Go map, and that a clone changes independently.
func TestLeadTimesActsAsMap(t *testing.T) {
	t.Parallel()
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 1))
		var lt leadTimes
		if seed%2 == 0 {
			lt.reserve(int(seed) * 10)
		}
		want := map[string]int64{}
		keys := 5 + rng.IntN(300)
		for step := range 5000 {
			lead := fmt.Sprintf("linkedin:https://www.linkedin.com/in/p%d", rng.IntN(keys))
			switch rng.IntN(3) {
			case 0:
				lt.set(lead, int64(step))
				want[lead] = int64(step)
			case 1:
				_, held := want[lead]
				if got := lt.remove(lead); got != held {
					t.Fatalf("seed %d step %d: remove(%s) = %v, want %v", seed, step, lead, got, held)
				}
				delete(want, lead)
			default:
				w, held := want[lead]
				if got, ok := lt.get(lead); ok != held || got != w {
					t.Fatalf("seed %d step %d: get(%s) = %d, %v, want %d, %v", seed, step, lead, got, ok, w, held)
				}
			}
			if lt.len() != len(want) {
				t.Fatalf("seed %d step %d: len %d, want %d", seed, step, lt.len(), len(want))
			}
		}
		for lead, w := range want {
			if got, ok := lt.get(lead); !ok || got != w {
				t.Fatalf("seed %d: at the end get(%s) = %d, %v, want %d", seed, lead, got, ok, w)
			}
		}
		c := lt.clone()
		for lead := range want {
			c.remove(lead)
			c.set(lead+"/other", 1)
		}
		if lt.len() != len(want) {
			t.Fatalf("seed %d: the clone's changes reached the original (len %d, want %d)", seed, lt.len(), len(want))
		}
		for lead, w := range want {
			if got, ok := lt.get(lead); !ok || got != w {
				t.Fatalf("seed %d: after the clone changed, get(%s) = %d, %v, want %d", seed, lead, got, ok, w)
			}
		}
	}
}
