package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A seat with a History starts from what its rolling week has left: an account that
// invited its weekly allowance in the days before the run invites less in the run's
// first week than a fresh one.
func TestSeatHistoryFillsTheRollingWeek(t *testing.T) {
	t.Parallel()
	var past []paceline.Action
	for i := range 90 {
		at := DefaultStart.Add(-4*24*time.Hour + time.Duration(i)*20*time.Minute)
		past = append(past, paceline.Action{Key: fmt.Sprintf("past-%d", i), At: at, Account: "a", Kind: paceline.KindInvite,
			Lead: fmt.Sprintf("old-%d", i), Result: paceline.ResultDone})
	}
	invites := func(h *History) int {
		t.Helper()
		res, err := Run(context.Background(), Config{Accounts: []Seat{{Name: "a", Type: paceline.TypeFree, History: h}},
			Leads: Leads(400, rand.New(rand.NewPCG(1, 2))), Weeks: 1, Seed: 3, Strategy: Paceline})
		if err != nil {
			t.Fatal(err)
		}
		return res.Actions[string(paceline.KindInvite)]
	}
	fresh, busy := invites(nil), invites(&History{Since: DefaultStart.Add(-7 * 24 * time.Hour), Actions: past})
	if busy >= fresh {
		t.Errorf("after 90 invites in the 4 days before the run: %d invites in its first week, a fresh account %d; want fewer", busy, fresh)
	}
}
