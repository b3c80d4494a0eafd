package api

import (
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// replySkew is how long before an account's first contact with a lead a reply to that
// account may be dated and still answer it: a mail server's clock, and the dates it
// gives a message (email.ServerSkew), may run behind paceline's. A reply dated
// earlier is an earlier conversation, which answers no campaign.
const replySkew = time.Hour

// contact is one done action of a campaign that a lead can answer: an invite, which an
// accept answers, or words (an invite's note, a message, an InMail, an Open Profile
// message or an email), which a reply answers.
type contact struct {
	at       time.Time
	campaign string
	invite   bool
}

// seat is an account and one of its leads: an answer goes to the account that wrote.
type seat struct{ account, lead string }

// contacts are the campaigns' contacts by account and lead, oldest first.
type contacts map[seat][]contact

func newContacts() contacts { return contacts{} }

// add keeps a, a done action of a campaign, when a lead can answer it, and reports
// whether it did. The actions are added oldest first.
func (c contacts) add(a paceline.Action) bool {
	switch a.Kind {
	case paceline.KindInvite, paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage, paceline.KindEmail:
		k := seat{a.Account, a.Lead}
		c[k] = append(c[k], contact{at: a.At, campaign: a.Campaign, invite: a.Kind == paceline.KindInvite})
		return true
	}
	return false
}

// answered returns the campaign whose contact e answers (answerOf), "" for none.
func (c contacts) answered(e paceline.Event) string {
	if e.Lead == "" || e.Type != paceline.EventAccepted && e.Type != paceline.EventReplied {
		return ""
	}
	return answerOf(c[seat{e.Account, e.Lead}], e)
}

// answerOf returns the campaign whose contact the accept or reply e answers, among
// sent, the contacts of e's account with e's lead, oldest first; "" when it answers
// none. An accept answers the latest invite the account sent the lead at or before
// it; one dated before every invite (LinkedIn's archive dates a connection by its day,
// a ledger invite may be marked done after it was sent by hand) answers the first,
// since nobody accepts an invite not yet sent. A reply answers the latest contact at
// or before it, an invite included (its note opens the conversation), or the first
// one when that is at most replySkew after it. Only the account's own contacts count:
// another account's campaign had nothing to do with the answer, and a campaign
// started later does not take an earlier campaign's answers, so neither a second
// campaign nor a restart changes what the first one counted.
func answerOf(sent []contact, e paceline.Event) string {
	accept := e.Type == paceline.EventAccepted
	fits := func(c contact) bool { return c.invite || !accept }
	// The first contact after e.
	i, _ := slices.BinarySearchFunc(sent, e.At, func(c contact, t time.Time) int {
		if c.at.After(t) {
			return 1
		}
		return -1
	})
	for j := i - 1; j >= 0; j-- {
		if fits(sent[j]) {
			return sent[j].campaign
		}
	}
	for _, c := range sent[i:] {
		if fits(c) {
			if accept || !c.at.After(e.At.Add(replySkew)) {
				return c.campaign
			}
			break
		}
	}
	return ""
}
