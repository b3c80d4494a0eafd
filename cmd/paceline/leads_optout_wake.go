package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline/api"
)

// leadRunningAccounts returns the accounts that run a sequence of the lead, from a store
// that can say (both stores can: api.RunningAccounts); none from one that cannot.
func leadRunningAccounts(ctx context.Context, st any, id int64) ([]string, error) {
	rs, ok := st.(api.RunningAccounts)
	if !ok {
		return nil, nil
	}
	accts, err := rs.LeadRunningAccounts(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("lead %d is opted out; read the accounts running it to wake them (run the command again to retry): %w", id, err)
	}
	return accts, nil
}

// wakeOptedOut brings forward the ticks of the accounts that run a sequence of the lead
// named just opted out (Jobs.Ensure with now, as linkedin import-archive and campaigns
// start do), so that a serve or worker stops it with reason opted_out and queues its
// opted_out webhook at once: the opt-out records no event, and a tick whose account
// waits on an invite would otherwise sleep until the wait's timeout, weeks away. A lead
// who runs nowhere wakes nothing and leaves the job queue alone: a running sequence
// means a campaign was started on this database, which made the queue.
func (a *app) wakeOptedOut(ctx context.Context, named string, accts []string) error {
	if len(accts) == 0 {
		return nil
	}
	return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
		jobs, err := db.migratedJobs(ctx)
		if err != nil {
			return fmt.Errorf("lead %s is opted out, but its sequence stops only at its accounts' next planned ticks (run the command again to retry): %w", named, err)
		}
		for _, acct := range accts {
			if err := jobs.Ensure(ctx, acct, true); err != nil {
				return fmt.Errorf("lead %s is opted out, but account %s's tick could not be brought forward to stop its sequence (it will at the tick's next planned run): run the command again to retry: %w",
					named, acct, err)
			}
		}
		return nil
	})
}
