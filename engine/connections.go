package engine

import (
	"time"

	"github.com/paceline/paceline"
)

// Connect tells the engine that the lead has been connected to the account since at,
// from before this engine was built: it accepted the account's invite (the ledger shows
// it), or LinkedIn's archive shows the two connected without an invite of ours (a
// connection from before paceline). An enrollment of the lead on a campaign of that
// account then sends to the connection without inviting it (its `if: connected` steps
// hold, AcceptedAt is at), and Enroll gives the lead that account among the campaign's.
// The Pacer is not told: a connection recalled is no new accept for its acceptance
// rate, and answers no pending invite. An accept heard while the engine runs comes
// through Observe instead, which also tells the Pacer.
//
// A running enrollment of the lead on that account that has sent no invite (an
// archive imported after the campaign's first tick) becomes connected too: an invite
// step waiting for the Pacer is skipped at once, and a later one when it comes due.
// One whose invite went out keeps waiting for its answer. Errors: EINVALID for an
// unknown account or an empty lead key.
func (g *Engine) Connect(account, leadKey string, at time.Time) error {
	s, id, err := g.recalled(account, leadKey)
	if err != nil {
		return err
	}
	if _, ok := s.connected[id]; !ok {
		s.connected[id] = at.UnixNano()
	}
	p := &g.people[id]
	if p.seen == nil {
		p.seen = s
	}
	if e := p.active; e != nil && e.seat == s && !e.Connected && e.invitedAt == 0 {
		e.Connected, e.AcceptedAt = true, at.UTC()
		if e.phase == phaseReady && e.step().Kind == paceline.KindInvite {
			// As advance does for a connected lead: no invite, nothing to wait for; the
			// next step's delay runs from when the invite came due.
			g.goTo(e, e.camp.Sequence.Next(e.Step), e.Due)
		}
	}
	return nil
}

// InvitePending tells the engine that the account's invite sent to the lead at at is
// still unanswered, though no enrollment the engine holds waits for it (the
// enrollment that sent it has ended): an enrollment of the lead on that account then
// waits for the answer to that invite instead of sending a second one, which LinkedIn
// would refuse. A lead already connected to the account has nothing pending. Errors:
// EINVALID for an unknown account or an empty lead key.
func (g *Engine) InvitePending(account, leadKey string, at time.Time) error {
	s, id, err := g.recalled(account, leadKey)
	if err != nil {
		return err
	}
	if _, connected := s.connected[id]; connected {
		return nil
	}
	if _, ok := g.pendingInvite(s, id); !ok {
		g.setPending(s, id, invite{at: at.UnixNano(), step: -1})
	}
	if p := &g.people[id]; p.seen == nil {
		p.seen = s
	}
	return nil
}

// recalled returns the seat and the lead's number for what the ledger tells the engine
// of a lead and an account. Errors: EINVALID for an unknown account or an empty key.
func (g *Engine) recalled(account, leadKey string) (*seat, int32, error) {
	s := g.byName[account]
	switch {
	case s == nil:
		return nil, 0, paceline.FieldErrorf("account", "%s is not added", account)
	case leadKey == "":
		return nil, 0, paceline.FieldErrorf("lead", "has no key")
	}
	return s, g.personID(leadKey), nil
}
