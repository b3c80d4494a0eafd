package api

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// endOfTime bounds a read of the whole history: a sped-up clock dates actions ahead of
// the wall clock, so "now" would leave some out.
var endOfTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// FunnelsBetween reads every account's ledger and events in [since, until), leaves
// out the hand-off reservations nobody has carried out yet (Carried) and computes the
// campaigns' funnels (Funnels). It is the one count of what campaigns did: the
// dashboard's and the API's funnels (CampaignFunnels) and paceline campaigns status
// (CampaignFunnel) both read it, so they agree. The ledger and events of all accounts
// are read, since an answer counts for the campaign of the account answered; the
// reads are one query per account, never one per lead.
func FunnelsBetween(ctx context.Context, accounts paceline.AccountStore, h History, since, until time.Time) ([]Funnel, error) {
	list, err := accounts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	var actions []paceline.Action
	var events []paceline.Event
	for _, acct := range list {
		as, err := h.Actions(ctx, acct.Name, since, until)
		if err != nil {
			return nil, err
		}
		es, err := h.Events(ctx, acct.Name, since, until)
		if err != nil {
			return nil, err
		}
		actions, events = append(actions, as...), append(events, es...)
	}
	actions, err = carriedOut(ctx, h, actions)
	if err != nil {
		return nil, err
	}
	campaigns, err := storedCampaigns(ctx, h)
	if err != nil {
		return nil, err
	}
	return Funnels(actions, events, campaigns...), nil
}

// campaignsLister lists the stored campaigns with their accounts, as both stores do:
// the funnel gives a campaign a reply recorded by one of its accounts that never wrote
// to the lead (contacts.answered).
type campaignsLister interface {
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
}

func storedCampaigns(ctx context.Context, h History) ([]*paceline.Campaign, error) {
	cl, ok := h.(campaignsLister)
	if !ok {
		return nil, nil
	}
	list, err := cl.Campaigns(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the campaigns for the funnel: %w", err)
	}
	return list, nil
}

// CampaignFunnel is the funnel of the campaign name over its whole history, as
// paceline campaigns status shows it: FunnelsBetween from the first action to the
// last, whatever the clock says now. A campaign that has done nothing has an empty
// funnel.
func CampaignFunnel(ctx context.Context, accounts paceline.AccountStore, h History, name string) (Funnel, error) {
	fs, err := FunnelsBetween(ctx, accounts, h, time.Time{}, endOfTime)
	if err != nil {
		return Funnel{}, err
	}
	for _, f := range fs {
		if f.Campaign == name {
			return f, nil
		}
	}
	return Funnel{Campaign: name, Days: []DayCount{}}, nil
}
