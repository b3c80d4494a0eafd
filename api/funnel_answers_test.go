package api_test

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// An invite or a message sent outside any campaign (by hand; LinkedIn's archive
// import records it with no campaign) was left out of the contacts, so an answer to
// it counted for the account's latest earlier campaign contact however old: q1's
// invite to Bob timed out and was withdrawn, the user invited him by hand weeks later
// and he accepted, and q1 counted the accept; Cy's reply to a hand message sent 200
// days after q1's only message counted as q1's reply.
func TestFunnelAnswerToAHandContactCountsNowhere(t *testing.T) {
	t.Parallel()
	d0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return d0.AddDate(0, 0, n) }
	actions := []paceline.Action{
		{At: day(0), Account: "seat", Kind: paceline.KindInvite, Lead: "bob", Campaign: "q1", Result: paceline.ResultDone},
		{At: day(40), Account: "seat", Kind: paceline.KindInvite, Lead: "bob", Result: paceline.ResultDone}, // by hand (archive)
		{At: day(0), Account: "seat", Kind: paceline.KindMessage, Lead: "cy", Campaign: "q1", Result: paceline.ResultDone},
		{At: day(200), Account: "seat", Kind: paceline.KindMessage, Lead: "cy", Result: paceline.ResultDone}, // by hand
	}
	events := []paceline.Event{
		{At: day(21), Account: "seat", Lead: "bob", Type: paceline.EventWithdrawn},
		{At: day(42), Account: "seat", Lead: "bob", Type: paceline.EventAccepted},
		{At: day(201), Account: "seat", Lead: "cy", Type: paceline.EventReplied},
	}
	fs := api.Funnels(actions, events)
	if len(fs) != 1 || fs[0].Campaign != "q1" || fs[0].Invited != 1 || fs[0].Messaged != 1 || fs[0].Accepted != 0 || fs[0].Replied != 0 {
		t.Errorf("funnel %+v: want only q1, invited 1, messaged 1, accepted 0 (the accept answers the hand invite) and replied 0 (the reply answers the hand message)", fs)
	}
}

// An accept after the withdrawal of the campaign's invite answers an invite the ledger
// does not know (sent from LinkedIn by hand, not imported): q1 does not count it. An
// accept before the withdrawal still counts.
func TestFunnelWithdrawnInviteTakesNoLaterAccept(t *testing.T) {
	t.Parallel()
	d0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return d0.AddDate(0, 0, n) }
	actions := []paceline.Action{
		{At: day(0), Account: "seat", Kind: paceline.KindInvite, Lead: "bob", Campaign: "q1", Result: paceline.ResultDone},
		{At: day(0), Account: "seat", Kind: paceline.KindInvite, Lead: "dee", Campaign: "q1", Result: paceline.ResultDone},
	}
	events := []paceline.Event{
		{At: day(21), Account: "seat", Lead: "bob", Type: paceline.EventWithdrawn},
		{At: day(42), Account: "seat", Lead: "bob", Type: paceline.EventAccepted},
		{At: day(5), Account: "seat", Lead: "dee", Type: paceline.EventAccepted},
		{At: day(21), Account: "seat", Lead: "dee", Type: paceline.EventWithdrawn}, // a late, failed withdrawal
	}
	fs := api.Funnels(actions, events)
	if len(fs) != 1 || fs[0].Invited != 2 || fs[0].Accepted != 1 {
		t.Errorf("funnel %+v: want q1 invited 2, accepted 1 (Dee; Bob accepted after the withdrawal)", fs)
	}
}

// Campaign q1 runs on a LinkedIn seat and a separate mailbox account (docs/email.md:
// each lead goes to one of them). Ada, given the seat, was messaged on LinkedIn and
// answered by email; the mailbox's poller records the reply under the mailbox account,
// and the runtime stops her sequence on it. The funnel looked only at the mailbox's
// own contacts with Ada (none), so q1 counted no reply: campaigns status and the
// dashboard said replied 0 for a sequence stopped because she replied. The reply now
// answers the lead's latest contact of a campaign the mailbox belongs to; a mailbox of
// no campaign, or a lead contacted only for campaigns the mailbox is not of, counts
// nowhere.
func TestFunnelEmailReplyToTheSeatsMessageCountsForTheCampaign(t *testing.T) {
	t.Parallel()
	d0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	actions := []paceline.Action{
		{At: d0, Account: "seat", Kind: paceline.KindMessage, Lead: "ada", Campaign: "q1", Result: paceline.ResultDone},
		{At: d0, Account: "seat", Kind: paceline.KindMessage, Lead: "bo", Campaign: "q2", Result: paceline.ResultDone},
		{At: d0.Add(2 * time.Hour), Account: "seat", Kind: paceline.KindMessage, Lead: "ada", Campaign: "q2", Result: paceline.ResultDone},
	}
	events := []paceline.Event{
		{At: d0.Add(24 * time.Hour), Account: "mailbox", Lead: "ada", Type: paceline.EventReplied},
		{At: d0.Add(24 * time.Hour), Account: "mailbox", Lead: "bo", Type: paceline.EventReplied},
	}
	q1 := &paceline.Campaign{Name: "q1", Accounts: []string{"seat", "mailbox"}}
	q2 := &paceline.Campaign{Name: "q2", Accounts: []string{"seat"}}
	replied := func(fs []api.Funnel) map[string]int {
		out := map[string]int{}
		for _, f := range fs {
			out[f.Campaign] = f.Replied
		}
		return out
	}
	if got := replied(api.Funnels(actions, events, q1, q2)); got["q1"] != 1 || got["q2"] != 0 {
		t.Errorf("replied %v: want q1 1 (Ada's email reply to its LinkedIn message, q2's later one not of the mailbox) and q2 0", got)
	}
	if got := replied(api.Funnels(actions, events)); got["q1"] != 0 || got["q2"] != 0 {
		t.Errorf("replied %v without the campaigns' accounts: want none (the mailbox belongs to no campaign)", got)
	}
}
