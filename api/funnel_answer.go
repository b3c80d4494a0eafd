package api

import (
	"cmp"
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// replySkew is how long before an account's first contact with a lead a reply to that
// account may be dated and still answer it: a mail server's clock, and the dates it
// gives a message (email.ServerSkew), may run behind paceline's. A reply dated
// earlier is an earlier conversation, which answers no campaign.
const replySkew = time.Hour

// contact is one done action that a lead can answer: an invite, which an accept
// answers, or words (an invite's note, a message, an InMail, an Open Profile message
// or an email), which a reply answers. campaign is "" for a contact outside any
// campaign (sent by hand, imported from LinkedIn's archive): an answer to it counts
// nowhere, and it is kept so that such an answer goes to no older campaign contact.
type contact struct {
	at       time.Time
	campaign string
	invite   bool
	// withdrawn is when the invite was withdrawn (zero: never): an accept after it
	// answers another invite, not this one.
	withdrawn time.Time
}

// seat is an account and one of its leads: an answer goes to the account that wrote.
type seat struct{ account, lead string }

// contacts are the contacts by account and lead, oldest first, and what tells the
// campaigns each account belongs to, for the answers an account receives to another
// account's contact (answered).
type contacts struct {
	bySeat map[seat][]contact
	// actions and campaigns tell the campaigns of each account: those it acted for
	// and those it is configured for (campaign.Accounts); member holds them once an
	// answer needs them.
	actions   [][]paceline.Action
	campaigns []*paceline.Campaign
	member    map[string]map[string]bool
	// byLead is every account's campaign contacts with each lead, oldest first, made
	// when an answer first needs it (answered).
	byLead map[string][]contact
	// unsorted are the seats whose contacts were added out of order (sort).
	unsorted map[seat]bool
}

func newContacts(actions [][]paceline.Action, campaigns []*paceline.Campaign) *contacts {
	return &contacts{bySeat: map[seat][]contact{}, actions: actions, campaigns: campaigns}
}

// contactKind reports whether a lead can answer an action of kind k.
func contactKind(k paceline.ActionKind) bool {
	switch k {
	case paceline.KindInvite, paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage, paceline.KindEmail:
		return true
	}
	return false
}

// campaignsOf returns the campaigns account belongs to: configured for or acted for.
func (c *contacts) campaignsOf(account string) map[string]bool {
	if c.member == nil {
		c.member = map[string]map[string]bool{}
		join := func(account, campaign string) {
			if account == "" || campaign == "" {
				return
			}
			m := c.member[account]
			if m == nil {
				m = map[string]bool{}
				c.member[account] = m
			}
			m[campaign] = true
		}
		for _, cp := range c.campaigns {
			for _, a := range cp.Accounts {
				join(a, cp.Name)
			}
		}
		for _, part := range c.actions {
			for _, a := range part {
				if a.Counts() {
					join(a.Account, a.Campaign)
				}
			}
		}
	}
	return c.member[account]
}

// add keeps a, a done action, when a lead can answer it, and reports whether it did.
// Once all are added, sort puts each seat's contacts in order.
func (c *contacts) add(a paceline.Action) bool {
	if !contactKind(a.Kind) {
		return false
	}
	k := seat{a.Account, a.Lead}
	sent := c.bySeat[k]
	if n := len(sent); n > 0 && a.At.Before(sent[n-1].at) {
		if c.unsorted == nil {
			c.unsorted = map[seat]bool{}
		}
		c.unsorted[k] = true
	}
	c.bySeat[k] = append(sent, contact{at: a.At, campaign: a.Campaign, invite: a.Kind == paceline.KindInvite})
	return true
}

// sort puts the contacts of each seat oldest first.
func (c *contacts) sort() {
	for k := range c.unsorted {
		slices.SortStableFunc(c.bySeat[k], func(a, b contact) int { return a.at.Compare(b.at) })
	}
	c.unsorted = nil
}

// withdraw ends the invite the withdrawal e withdrew: the account's latest invite to
// the lead at or before it.
func (c *contacts) withdraw(e paceline.Event) {
	sent := c.bySeat[seat{e.Account, e.Lead}]
	for i := after(sent, e.At) - 1; i >= 0; i-- {
		if sent[i].invite {
			if sent[i].withdrawn.IsZero() {
				sent[i].withdrawn = e.At
			}
			return
		}
	}
}

// answered returns the campaign whose contact e answers (answerOf), "" for none or a
// contact outside any campaign. A reply to an account that had no contact with the
// lead before it (a mailbox account's poller records an email reply to the LinkedIn
// message a seat of the same campaign sent) answers the lead's latest contact, from
// any account, of a campaign the account belongs to; none: it counts nowhere.
func (c *contacts) answered(e paceline.Event) string {
	if e.Lead == "" || e.Type != paceline.EventAccepted && e.Type != paceline.EventReplied {
		return ""
	}
	campaign, ok := answerOf(c.bySeat[seat{e.Account, e.Lead}], e)
	if ok || e.Type != paceline.EventReplied {
		return campaign
	}
	member := c.campaignsOf(e.Account)
	if len(member) == 0 {
		return ""
	}
	if c.byLead == nil {
		c.byLead = map[string][]contact{}
		for k, sent := range c.bySeat {
			for _, s := range sent {
				if s.campaign != "" {
					c.byLead[k.lead] = append(c.byLead[k.lead], s)
				}
			}
		}
		for _, sent := range c.byLead {
			slices.SortStableFunc(sent, func(a, b contact) int { return a.at.Compare(b.at) })
		}
	}
	var theirs []contact
	for _, s := range c.byLead[e.Lead] {
		if member[s.campaign] {
			theirs = append(theirs, s)
		}
	}
	campaign, _ = answerOf(theirs, e)
	return campaign
}

// after returns the index of the first contact of sent after t.
func after(sent []contact, t time.Time) int {
	i, _ := slices.BinarySearchFunc(sent, t, func(c contact, t time.Time) int {
		return cmp.Or(c.at.Compare(t), -1)
	})
	return i
}

// answerOf returns the campaign whose contact the accept or reply e answers, among
// sent, the contacts of e's account with e's lead, oldest first, and whether it
// answers one: "" and true for a contact outside any campaign or a withdrawn invite,
// "" and false for none. An accept answers the latest invite the account sent the lead
// at or before it, unless that invite was withdrawn before it (the accept answers an
// invite the ledger does not know); one dated before every invite (LinkedIn's archive
// dates a connection by its day, a ledger invite may be marked done after it was sent
// by hand) answers the first, since nobody accepts an invite not yet sent. A reply
// answers the latest contact at or before it, an invite included (its note opens the
// conversation), or the first one when that is at most replySkew after it. Only the
// account's own contacts count: another account's campaign had nothing to do with the
// answer, and a campaign started later does not take an earlier campaign's answers,
// so neither a second campaign nor a restart changes what the first one counted.
func answerOf(sent []contact, e paceline.Event) (string, bool) {
	accept := e.Type == paceline.EventAccepted
	fits := func(c contact) bool { return c.invite || !accept }
	i := after(sent, e.At)
	for j := i - 1; j >= 0; j-- {
		if fits(sent[j]) {
			if accept && !sent[j].withdrawn.IsZero() && sent[j].withdrawn.Before(e.At) {
				return "", true
			}
			return sent[j].campaign, true
		}
	}
	for _, c := range sent[i:] {
		if fits(c) {
			if accept || !c.at.After(e.At.Add(replySkew)) {
				return c.campaign, true
			}
			break
		}
	}
	return "", false
}
