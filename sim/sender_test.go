package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paceline/paceline"
)

// TestSenderByName checks how an action finds its account: by comparing names with a
// few accounts and through the map with more, whether the enrollment's account is
// remembered or not. Every name (built afresh, so it shares no bytes with the
// account's) finds its own account, remembered or not, and a name of the same length
// that is no account's finds none.
func TestSenderByName(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 5, 8, 9, 30} {
		var seats []Seat
		for i := range n {
			seats = append(seats, Seat{Name: fmt.Sprintf("acct-%02d", i), Type: paceline.TypeFree})
		}
		li, err := NewLinkedIn(DefaultParams(), 1, rand.New(rand.NewPCG(1, 1)), seats, Leads(3, rand.New(rand.NewPCG(1, 1))))
		if err != nil {
			t.Fatal(err)
		}
		li.bind(1, "sim-000001")
		for round := range 2 { // the second round finds the enrollment's remembered account
			for i := range n {
				name := fmt.Sprintf("acct-%02d", i)
				for _, enrollment := range []int64{0, 1} {
					if a := li.sender(name, enrollment); a == nil || a.Name != name {
						t.Errorf("%d accounts, round %d: sender(%s, %d) = %v", n, round, name, enrollment, a)
					}
				}
			}
		}
		if a := li.sender(fmt.Sprintf("acct-%02d", n), 1); a != nil {
			t.Errorf("%d accounts: a name no account has found %s", n, a.Name)
		}
	}
}
