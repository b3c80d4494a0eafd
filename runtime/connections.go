package runtime

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// recallConnections tells the engine which leads of the tick's new enrollments
// accepted an invite from the account before, however long ago (in an earlier
// campaign, or as LinkedIn's archive shows): the new campaign sends to a connection
// without inviting it again. Only a tick that starts new enrollments asks the store.
func (r *Runner) recallConnections(ctx context.Context, g *engine.Engine, account string, recs []paceline.EnrollmentRecord) error {
	var fresh []string
	for i := range recs {
		if isNew(&recs[i]) {
			fresh = append(fresh, recs[i].Lead)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	conns, err := r.Store.Connections(ctx, account)
	if err != nil {
		return fmt.Errorf("tick %s: %w", account, err)
	}
	for _, lead := range fresh {
		if at, ok := conns[lead]; ok {
			if err := g.Connect(account, lead, at); err != nil {
				return fmt.Errorf("tick %s: %w", account, err)
			}
		}
	}
	return nil
}

// isNew reports whether the record starts its enrollment at this tick: it has never
// been stepped, so it has no snapshot to restore.
func isNew(rec *paceline.EnrollmentRecord) bool {
	return rec.State == paceline.EnrollmentNew || rec.Snapshot == ""
}
