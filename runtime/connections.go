package runtime

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
)

// recallHistory tells the engine what the ledger shows of the leads of the tick's new
// enrollments with the account, so that a new campaign never sends what LinkedIn
// would refuse or the lead would see twice:
//   - a lead connected to the account, however long ago, is sent to as a connection,
//     without a new invite: one who accepted its invite (in an earlier campaign, or as
//     LinkedIn's archive shows), or one the archive shows connected without an invite
//     of ours (paceline.EventConnected: a connection from before paceline). The
//     engine learns it through Connect, which the Pacer does not hear, so such a
//     connection counts as no accept in the acceptance rate and no pending invite;
//   - a lead whose invite from the account is still unanswered (its enrollment ended
//     without withdrawing it) is not invited again: the new enrollment waits for the
//     answer to that invite, as far back as the tick read the ledger.
//
// Only a tick that starts new enrollments asks the store.
func (r *Runner) recallHistory(ctx context.Context, g *engine.Engine, account string, recs []paceline.EnrollmentRecord, past ledgerWindow) error {
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
	pending := pendingInvites(past.actions, past.events)
	for _, lead := range fresh {
		if at, ok := conns[lead]; ok {
			if err := g.Connect(account, lead, at); err != nil {
				return fmt.Errorf("tick %s: %w", account, err)
			}
		} else if at, ok := pending[lead]; ok {
			if err := g.InvitePending(account, lead, at); err != nil {
				return fmt.Errorf("tick %s: %w", account, err)
			}
		}
	}
	return nil
}

// connectArchived tells the engine of the connections LinkedIn's archive recorded
// since the account's cursor (paceline.EventConnected), once the tick's
// enrollments are loaded: a running enrollment of the lead on the account that has sent
// no invite becomes connected and sends none (engine.Connect), as a fresh one does
// through recallHistory. The Pacer hears the events as it hears any, and counts them as
// nothing: they answer no invite of ours.
func connectArchived(g *engine.Engine, account string, evs ...[]paceline.Event) error {
	for _, list := range evs {
		for _, ev := range list {
			if ev.Type != paceline.EventConnected || ev.Lead == "" {
				continue
			}
			if err := g.Connect(account, ev.Lead, ev.At); err != nil {
				return fmt.Errorf("tick %s: connection to %s: %w", account, ev.Lead, err)
			}
		}
	}
	return nil
}

// PendingInvites returns, by lead, when the account's invite that is still unanswered
// went out, from the last limits.History (100 days) of the ledger before now:
// what a new campaign must not send again. Campaign start uses it to keep such a lead
// with that account.
func PendingInvites(ctx context.Context, st Store, account string, now time.Time) (map[string]time.Time, error) {
	until := now.Add(time.Microsecond)
	actions, err := st.Actions(ctx, account, now.Add(-limits.History), until)
	if err != nil {
		return nil, fmt.Errorf("pending invites of %s: %w", account, err)
	}
	events, err := st.Events(ctx, account, now.Add(-limits.History), until)
	if err != nil {
		return nil, fmt.Errorf("pending invites of %s: %w", account, err)
	}
	return pendingInvites(actions, events), nil
}

// pendingInvites returns, by lead, when the latest invite among actions went out, for
// each lead that no accept, decline or withdrawn event and no carried-out withdrawal
// has answered since. actions are in time order, as the ledger gives them.
func pendingInvites(actions []paceline.Action, events []paceline.Event) map[string]time.Time {
	pending := map[string]time.Time{}
	for _, a := range actions {
		if a.Result != paceline.ResultDone || a.Lead == "" {
			continue
		}
		switch a.Kind {
		case paceline.KindInvite:
			pending[a.Lead] = a.At
		case paceline.KindWithdraw:
			delete(pending, a.Lead)
		}
	}
	for _, ev := range events {
		switch ev.Type {
		case paceline.EventAccepted, paceline.EventDeclined, paceline.EventWithdrawn:
			if at, ok := pending[ev.Lead]; ok && !ev.At.Before(at) {
				delete(pending, ev.Lead)
			}
		}
	}
	return pending
}

// isNew reports whether the record starts its enrollment at this tick: it has never
// been stepped, so it has no snapshot to restore.
func isNew(rec *paceline.EnrollmentRecord) bool {
	return rec.State == paceline.EnrollmentNew || rec.Snapshot == ""
}
