package api

import (
	"context"

	"github.com/paceline/paceline"
)

// RunningAccounts is what an opt-out asks of the leads to wake the ticks that stop the
// person's sequences, as package sqlite's and package postgres' Store have it.
type RunningAccounts interface {
	// LeadRunningAccounts returns the accounts that run a sequence of the lead.
	LeadRunningAccounts(ctx context.Context, id int64) ([]string, error)
}

// wakeOptedOut brings forward the ticks of the accounts that run a sequence of the lead
// just opted out (Deps.WakeFunc), which stop it with reason opted_out: the opt-out
// records no event, and a tick whose account waits on an invite may otherwise sleep
// until the wait's timeout, weeks away, with the sequence counted running and no
// opted_out webhook sent meanwhile. Without a WakeFunc, or a lead store that cannot
// say where the lead runs, the next planned tick stops it.
func (a *API) wakeOptedOut(ctx context.Context, id int64) error {
	rs, ok := a.deps.Leads.(RunningAccounts)
	if a.deps.WakeFunc == nil || !ok {
		return nil
	}
	accts, err := rs.LeadRunningAccounts(ctx, id)
	if err != nil {
		return err
	}
	for _, name := range accts {
		if err := a.deps.WakeFunc(ctx, name); err != nil {
			a.deps.logger().Error("wake account after an opt-out", "account", name, "lead", id, "error", err)
			return paceline.Errorf(paceline.EUNAVAILABLE,
				"lead %d is opted out, but account %s's tick could not be brought forward to stop its sequence (it will at the tick's next planned run): opt the lead out again to retry",
				id, name)
		}
	}
	return nil
}
