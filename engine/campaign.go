package engine

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
)

// Campaign runs one sequence from a set of accounts.
type Campaign struct {
	Name     string
	Sequence *sequence.Sequence
	// Accounts are the names of the accounts that send for the campaign; new leads are
	// shared among them by weight (sender rotation).
	Accounts []string
	// Priority orders campaigns when their steps compete for one account's allowance:
	// higher goes first.
	Priority int
	// MinAcceptance is the acceptance rate under which the campaign pauses its invites
	// (see ResumeCampaign): 0 is DefaultMinAcceptance, negative never pauses.
	MinAcceptance float64
	// AcceptanceWindow is how many of the latest resolved invites the rate is taken
	// over; 0 is DefaultAcceptanceWindow.
	AcceptanceWindow int
}

type campaign struct {
	Campaign
	seats []*seat
	turn  rotation // whose turn it is among seats
	acc   acceptance
}

// pick returns the campaign account with the fewest leads per unit of weight, the
// first one on ties, so that leads rotate over the senders in proportion to what each
// may send.
func (c *campaign) pick() *seat { return c.turn.next() }

// known returns the campaign account the lead is connected to or has a pending invite
// from (seen is the account that last invited or connected with it), or nil: the lead
// must go on from there, not start over from another seat.
func (g *Engine) known(c *campaign, id int32, seen *seat) *seat {
	if seen == nil {
		return nil
	}
	_, connected := seen.connected[id]
	_, pending := g.pendingInvite(seen, id)
	if !connected && !pending {
		return nil
	}
	for _, s := range c.seats {
		if s == seen {
			return s
		}
	}
	return nil
}

// LeadKey returns the identity the engine knows a lead by (paceline.Lead.RuntimeRef):
// the canonical profile key, else the Sales Navigator key, else the email address.
func LeadKey(l *paceline.Lead) string { return l.RuntimeRef() }
