package api

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// AccountUsage is one account with its usage against every cap at an instant.
type AccountUsage struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Executor string `json:"executor"`
	// HasMailbox says the account sends email: a mailbox account, or a LinkedIn
	// account with a mailbox of its own.
	HasMailbox bool            `json:"has_mailbox"`
	State      string          `json:"state"`
	TimeZone   string          `json:"time_zone"`
	Usage      limits.Snapshot `json:"usage"`
}

// Usage replays an account's ledger and events into a Pacer and reports its usage at
// now: the same numbers `paceline limits show` prints.
func Usage(ctx context.Context, h History, acct *paceline.Account, now time.Time) (AccountUsage, error) {
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return AccountUsage{}, fmt.Errorf("account %s: %w", acct.Name, err)
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	until := now.Add(time.Nanosecond)
	actions, err := h.Actions(ctx, acct.Name, since, until)
	if err != nil {
		return AccountUsage{}, err
	}
	events, err := h.Events(ctx, acct.Name, since, until)
	if err != nil {
		return AccountUsage{}, err
	}
	p, err := limits.Replay(cfg, origin, actions, events)
	if err != nil {
		return AccountUsage{}, fmt.Errorf("account %s: %w", acct.Name, err)
	}
	return AccountUsage{
		Name: acct.Name, Type: string(acct.Type), Executor: acct.Executor, HasMailbox: acct.Mailbox, State: string(acct.State),
		TimeZone: acct.TimeZone, Usage: p.Snapshot(now),
	}, nil
}

// AllUsage reports every account's usage at now, in the store's order.
func AllUsage(ctx context.Context, accounts paceline.AccountStore, h History, now time.Time) ([]AccountUsage, error) {
	list, err := accounts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]AccountUsage, 0, len(list))
	for _, acct := range list {
		u, err := Usage(ctx, h, acct, now)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
