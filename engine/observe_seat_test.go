package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestSeatNamedFindsEveryAccount checks the look-up events use to find their account,
// by comparing names with a few accounts and through the map with more: every name
// (built afresh, so it shares no bytes with the engine's) finds its own account, and a
// name of the same length that is no account's finds none.
func TestSeatNamedFindsEveryAccount(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3, 8, 9, 20} {
		w := &world{}
		g, err := New(Options{Executor: w, Ledger: w})
		if err != nil {
			t.Fatal(err)
		}
		sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
		for i := range n {
			if err := g.AddAccount(Account{Name: fmt.Sprintf("seat-%02d", i), Pacer: &gapPacer{gap: time.Minute}, Schedule: sched}); err != nil {
				t.Fatal(err)
			}
		}
		for i := range n {
			name := fmt.Sprintf("seat-%02d", i)
			if s := g.seatNamed(name); s == nil || s.index != i {
				t.Errorf("%d accounts: %s found %v, want the account at %d", n, name, s, i)
			}
		}
		if s := g.seatNamed(fmt.Sprintf("seat-%02d", n)); s != nil {
			t.Errorf("%d accounts: a name no account has found %s", n, s.Name)
		}
	}
}
