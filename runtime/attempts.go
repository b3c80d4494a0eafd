package runtime

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// replayLastAttempts tells the engine, for each kind, whether the account's latest
// attempt in the ledger it read went through: a mailbox that refuses one lead's
// address with words that read as the sender's holds the mailbox (engine.SenderDown),
// and the engine counts that against the lead only when the attempt before it went
// through. A tick's engine is new each time, so without this the lead would never be
// blamed and would hold the mailbox at every hold's end.
func replayLastAttempts(g *engine.Engine, account string, actions []paceline.Action) error {
	var latest [paceline.NumActionKinds]*paceline.Action
	var at [paceline.NumActionKinds]time.Time
	for i := range actions {
		a := &actions[i]
		k := a.Kind.Index()
		if k < 0 || a.Result == "" || a.At.Before(at[k]) {
			continue
		}
		latest[k], at[k] = a, a.At
	}
	for _, a := range latest {
		if a == nil {
			continue
		}
		if err := g.Attempted(account, a.Kind, a.Result == paceline.ResultDone); err != nil {
			return fmt.Errorf("replay the last %s of %s: %w", a.Kind, account, err)
		}
	}
	return nil
}
