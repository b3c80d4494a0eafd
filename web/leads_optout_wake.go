package web

import (
	"context"
	"fmt"

	"github.com/paceline/paceline/api"
)

// wakeOptedOut brings forward the ticks of the accounts that run a sequence of the lead
// just opted out (api.Deps.WakeFunc), as the API's opt-out does: the tick stops the
// sequence with reason opted_out and queues its webhook, where an account waiting on an
// invite would otherwise sleep until the wait's timeout, weeks away. It returns the
// account whose wake failed ("" with the error of reading where the lead runs); without
// a WakeFunc, or a lead store that cannot say where the lead runs, the next planned tick
// stops the sequence and nothing is woken.
func (s *Server) wakeOptedOut(ctx context.Context, id int64) (failed string, err error) {
	rs, ok := s.deps.API.Leads.(api.RunningAccounts)
	if s.deps.API.WakeFunc == nil || !ok {
		return "", nil
	}
	accts, err := rs.LeadRunningAccounts(ctx, id)
	if err != nil {
		return "", fmt.Errorf("lead %d is opted out; read the accounts running it to wake them: %w", id, err)
	}
	for _, name := range accts {
		if err := s.deps.API.WakeFunc(ctx, name); err != nil {
			s.log.Error("wake account after an opt-out", "account", name, "lead", id, "error", err)
			return name, err
		}
	}
	return "", nil
}
