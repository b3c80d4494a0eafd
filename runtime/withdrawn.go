package runtime

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// replayWithdrawals tells the engine of every invite the account withdrew less than
// engine.ReinviteAfter before now, from the ledger it read: a later campaign's invite
// to the same lead then waits until LinkedIn would take it, instead of going out to be
// refused (a withdrawn invite blocks a new one for about three weeks).
func replayWithdrawals(g *engine.Engine, account string, actions []paceline.Action, now time.Time) error {
	from := now.Add(-engine.ReinviteAfter)
	for i := range actions {
		a := &actions[i]
		if a.Kind != paceline.KindWithdraw || a.Result != paceline.ResultDone || a.Lead == "" || !a.At.After(from) {
			continue
		}
		if err := g.Withdrawn(account, a.Lead, a.At); err != nil {
			return fmt.Errorf("replay the withdrawal of %s: %w", a.Lead, err)
		}
	}
	return nil
}
