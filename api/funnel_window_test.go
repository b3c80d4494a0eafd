package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// memHistory is a ledger and events read by account and time window, as the stores
// read them.
type memHistory struct {
	actions []paceline.Action
	events  []paceline.Event
}

func (h memHistory) Actions(_ context.Context, account string, since, until time.Time) ([]paceline.Action, error) {
	var out []paceline.Action
	for _, a := range h.actions {
		if a.Account == account && !a.At.Before(since) && a.At.Before(until) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (h memHistory) Events(_ context.Context, account string, since, until time.Time) ([]paceline.Event, error) {
	var out []paceline.Event
	for _, e := range h.events {
		if e.Account == account && !e.At.Before(since) && e.At.Before(until) {
			out = append(out, e)
		}
	}
	return out, nil
}

// memAccounts lists the accounts named.
type memAccounts struct {
	paceline.AccountStore
	names []string
}

func (m memAccounts) Accounts(context.Context) ([]*paceline.Account, error) {
	var out []*paceline.Account
	for _, n := range m.names {
		out = append(out, &paceline.Account{Name: n})
	}
	return out, nil
}

// The dashboard's 90-day funnel read only the window's actions, so an accept or a
// reply in the window that answers the campaign's invite sent before it answered
// nothing: q1 messaged Ada after she accepted, all inside the window, and the
// dashboard said accepted 0, messaged 1 ("0 of 0 accepted + 1 direct") while
// campaigns status said accepted 1. The invite before the window is read to match,
// not counted.
func TestCampaignFunnelsCountAnswersToContactsBeforeTheWindow(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, n) }
	h := memHistory{
		actions: []paceline.Action{
			{At: day(-95), Account: "seat", Kind: paceline.KindInvite, Lead: "ada", Campaign: "q1", Result: paceline.ResultDone},
			{At: day(-84), Account: "seat", Kind: paceline.KindMessage, Lead: "ada", Campaign: "q1", Result: paceline.ResultDone},
			// Bob's invite, sent 40 days before the window, was withdrawn before it:
			// his accept in the window answers another invite.
			{At: day(-130), Account: "seat", Kind: paceline.KindInvite, Lead: "bob", Campaign: "q1", Result: paceline.ResultDone},
		},
		events: []paceline.Event{
			{At: day(-85), Account: "seat", Lead: "ada", Type: paceline.EventAccepted},
			{At: day(-83), Account: "seat", Lead: "ada", Type: paceline.EventReplied},
			{At: day(-109), Account: "seat", Lead: "bob", Type: paceline.EventWithdrawn},
			{At: day(-80), Account: "seat", Lead: "bob", Type: paceline.EventAccepted},
		},
	}
	fs, err := api.CampaignFunnels(context.Background(), memAccounts{names: []string{"seat"}}, h, now, 90)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Invited != 0 || fs[0].Accepted != 1 || fs[0].Messaged != 1 || fs[0].Replied != 1 ||
		fs[0].MessagedAccepted != 1 || fs[0].ReplyRate != 1 {
		t.Errorf("90-day funnel %+v: want q1 invited 0 (before the window), accepted 1, messaged 1 of 1 accepted, replied 1 of 1 contacted", fs)
	}
}
