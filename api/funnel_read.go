package api

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// endOfTime bounds a read of the whole history: a sped-up clock dates actions ahead of
// the wall clock, so "now" would leave some out.
var endOfTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// lookBack is how far before a funnel's window its reads go for the contacts an answer
// in the window may answer: an accept on day 2 of the dashboard's 90 days answers an
// invite sent on day -5, and the window alone lost it. Answers to older contacts are
// not told from answers to no contact.
const lookBack = 100 * 24 * time.Hour

// lookBackSteps are the reads back from a window's start, each up to that far: one
// read of 100 days doubled the dashboard's 90-day read, when nearly every answer
// follows its contact within days. An account is read further back only while an
// answer in the window to it finds no contact (lookBackNeeds).
var lookBackSteps = []time.Duration{7 * 24 * time.Hour, 30 * 24 * time.Hour, lookBack}

// campaignMargin is how long before a campaign's first action campaigns status counts
// its answers: an accept dated a day before its invite (LinkedIn's archive dates a
// connection by its day) or a reply before its message (a mail server's clock behind,
// replySkew) answers it.
const campaignMargin = 2 * 24 * time.Hour

// campaignsLister lists the stored campaigns with their accounts, as both stores do:
// the funnel gives a campaign a reply recorded by one of its accounts that never wrote
// to the lead (contacts.answered).
type campaignsLister interface {
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
}

// CampaignActors tells which accounts acted for a campaign, as both stores do:
// campaigns status reads only their ledgers, from the campaign's first action on.
type CampaignActors interface {
	// CampaignFirstActions returns each account that recorded an action for the
	// campaign with the time of its first one.
	CampaignFirstActions(ctx context.Context, campaign string) (map[string]time.Time, error)
}

// FunnelsBetween reads every account's ledger and events in [since, until), and
// before since the contacts an answer in it answers (lookBack), leaves out the
// hand-off reservations nobody has carried out yet (Carried) and computes the
// campaigns' funnels (Funnels) of what falls in [since, until). It is the one count
// of what campaigns did: the dashboard's and the API's funnels (CampaignFunnels) and
// paceline campaigns status (CampaignFunnel) both read it, so they agree. The ledger
// and events of all accounts are read, since an answer counts for the campaign of the
// account answered; the reads are one query per account, never one per lead.
func FunnelsBetween(ctx context.Context, accounts paceline.AccountStore, h History, since, until time.Time) ([]Funnel, error) {
	list, err := accounts.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the accounts: %w", err)
	}
	names := make([]string, 0, len(list))
	for _, a := range list {
		names = append(names, a.Name)
	}
	campaigns, err := storedCampaigns(ctx, h)
	if err != nil {
		return nil, err
	}
	return funnelsRead(ctx, h, names, funnelScope{since: since, until: until, campaigns: campaigns})
}

// funnelsRead reads the ledgers and events of accounts in the scope's window and
// before it (readBack) and counts them.
func funnelsRead(ctx context.Context, h History, accounts []string, scope funnelScope) ([]Funnel, error) {
	var r reads
	for _, acct := range accounts {
		if err := r.read(ctx, h, acct, scope.since, scope.until); err != nil {
			return nil, err
		}
	}
	if err := r.back(ctx, h, scope); err != nil {
		return nil, err
	}
	if tl, ok := h.(TaskLister); ok {
		// Leave out the hand-off reservations nobody has carried out yet.
		reserved, err := ReservedTasks(ctx, tl)
		if err != nil {
			return nil, err
		}
		for i, as := range r.actions {
			r.actions[i] = Carried(as, reserved)
		}
	}
	return funnels(r.actions, slices.Concat(r.events...), scope), nil
}

// reads are the ledgers and events read, one slice a read: joining them as they came
// copied the whole ledger read so far at each one.
type reads struct {
	actions [][]paceline.Action
	events  [][]paceline.Event
}

func (r *reads) read(ctx context.Context, h History, account string, since, until time.Time) error {
	as, es, err := readAccount(ctx, h, account, since, until)
	if err != nil {
		return err
	}
	r.actions, r.events = append(r.actions, as), append(r.events, es)
	return nil
}

// FunnelReader reads an account's done actions toward a lead in [since, until), oldest
// first, with only the fields the funnel reads (the key, instant, kind, lead and
// campaign), as both stores do: the dashboard reads every account's ledger, and the
// whole rows (History.Actions) cost it more.
type FunnelReader interface {
	FunnelActions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error)
}

func readAccount(ctx context.Context, h History, account string, since, until time.Time) ([]paceline.Action, []paceline.Event, error) {
	read := h.Actions
	if fr, ok := h.(FunnelReader); ok {
		read = fr.FunnelActions
	}
	as, err := read(ctx, account, since, until)
	if err != nil {
		return nil, nil, fmt.Errorf("read the ledger of %s for the funnel: %w", account, err)
	}
	es, err := h.Events(ctx, account, since, until)
	if err != nil {
		return nil, nil, fmt.Errorf("read the events of %s for the funnel: %w", account, err)
	}
	return as, es, nil
}

// back reads, step by step back from the window's start (lookBackSteps), the ledgers
// and events of the accounts an answer in the window still needs (lookBackNeeds).
func (r *reads) back(ctx context.Context, h History, scope funnelScope) error {
	if scope.since.IsZero() {
		return nil
	}
	// The earliest contacts read of the seats answered in the window.
	firsts := map[seat]firstContacts{}
	var answers []paceline.Event
	for _, es := range r.events {
		for _, e := range es {
			if e.Lead != "" && (e.Type == paceline.EventAccepted || e.Type == paceline.EventReplied) && !e.At.Before(scope.since) {
				answers = append(answers, e)
				firsts[seat{e.Account, e.Lead}] = firstContacts{}
			}
		}
	}
	if len(answers) == 0 {
		return nil
	}
	note := func(as []paceline.Action) {
		for _, a := range as {
			if !a.Counts() || a.Lead == "" || !contactKind(a.Kind) {
				continue
			}
			k := seat{a.Account, a.Lead}
			f, ok := firsts[k]
			if !ok {
				continue
			}
			if f.any.IsZero() || a.At.Before(f.any) {
				f.any = a.At
			}
			if a.Kind == paceline.KindInvite && (f.invite.IsZero() || a.At.Before(f.invite)) {
				f.invite = a.At
			}
			firsts[k] = f
		}
	}
	for _, as := range r.actions {
		note(as)
	}
	member := map[string][]string{} // account: the accounts of its campaigns
	for _, c := range scope.campaigns {
		for _, a := range c.Accounts {
			member[a] = append(member[a], c.Accounts...)
		}
	}
	end := scope.since
	for _, step := range lookBackSteps {
		need := lookBackNeeds(answers, firsts, member)
		if len(need) == 0 {
			break
		}
		start := scope.since.Add(-step)
		n := len(r.actions)
		for _, acct := range need {
			if err := r.read(ctx, h, acct, start, end); err != nil {
				return err
			}
		}
		for _, as := range r.actions[n:] {
			note(as)
		}
		end = start
	}
	return nil
}

// firstContacts are the earliest contact and invite of an account with a lead read.
type firstContacts struct{ any, invite time.Time }

// lookBackNeeds returns the accounts to read further back: those of an answer with no
// contact read at or before it that it may answer (an accept an invite), and for a
// reply to an account of stored campaigns, the accounts of those campaigns too (the
// reply may answer their contact, contacts.answered).
func lookBackNeeds(answers []paceline.Event, firsts map[seat]firstContacts, member map[string][]string) []string {
	need := map[string]bool{}
	for _, e := range answers {
		f := firsts[seat{e.Account, e.Lead}]
		first := f.any
		if e.Type == paceline.EventAccepted {
			first = f.invite
		}
		if !first.IsZero() && !first.After(e.At) {
			continue
		}
		need[e.Account] = true
		if e.Type == paceline.EventReplied {
			for _, a := range member[e.Account] {
				need[a] = true
			}
		}
	}
	out := make([]string, 0, len(need))
	for a := range need {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
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
// paceline campaigns status shows it, whatever the clock says now. It reads only the
// ledgers and events of the accounts that acted for the campaign and of its configured
// accounts (an answer to one of them may count for it), from its first action
// (less campaignMargin) on, and the contacts before that an answer may answer
// (readBack); when the history cannot tell who acted for it (CampaignActors), every
// account's whole history. A campaign that has done nothing has an empty funnel.
func CampaignFunnel(ctx context.Context, accounts paceline.AccountStore, h History, name string) (Funnel, error) {
	empty := Funnel{Campaign: name, Days: []DayCount{}}
	campaigns, err := storedCampaigns(ctx, h)
	if err != nil {
		return Funnel{}, err
	}
	scope := funnelScope{until: endOfTime, only: name, campaigns: campaigns}
	var names []string
	if ca, ok := h.(CampaignActors); ok {
		firsts, err := ca.CampaignFirstActions(ctx, name)
		if err != nil {
			return Funnel{}, fmt.Errorf("read which accounts acted for campaign %s: %w", name, err)
		}
		if len(firsts) == 0 {
			return empty, nil
		}
		for acct, at := range firsts {
			names = append(names, acct)
			if scope.since.IsZero() || at.Before(scope.since) {
				scope.since = at
			}
		}
		scope.since = scope.since.Add(-campaignMargin)
		for _, c := range campaigns {
			if c.Name == name {
				names = append(names, c.Accounts...)
			}
		}
		slices.Sort(names)
		names = slices.Compact(names)
	} else {
		list, err := accounts.Accounts(ctx)
		if err != nil {
			return Funnel{}, fmt.Errorf("list the accounts: %w", err)
		}
		for _, a := range list {
			names = append(names, a.Name)
		}
	}
	fs, err := funnelsRead(ctx, h, names, scope)
	if err != nil {
		return Funnel{}, err
	}
	for _, f := range fs {
		if f.Campaign == name {
			return f, nil
		}
	}
	return empty, nil
}
