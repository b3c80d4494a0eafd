package engine

import (
	"fmt"
	"math"
	"time"

	"github.com/paceline/paceline"
)

// Campaign auto-pause (DESIGN.md §3 point 7): when too few of a campaign's latest
// resolved invites were accepted, its targeting or its note is off, and sending more of
// the same only teaches LinkedIn that the account spams. The campaign then sends no new
// invites until a person resumes it. Follow-ups to leads who already accepted go on:
// they talk to people who said yes, cost nothing in acceptance, and stopping them
// would leave open conversations hanging.

// The auto-pause defaults, the same as the account guard's (limits.DefaultGuards).
const (
	DefaultMinAcceptance    = 0.15
	DefaultAcceptanceWindow = 50
)

// acceptance is a campaign's window over its latest resolved invites.
//
// Invites enter the window in the order they were sent, not in the order they were
// answered: accepts come within days while an unanswered invite resolves only when it
// is withdrawn, weeks later and in bursts, so a window in answer order would swing
// from too good to too bad and pause a healthy campaign. The window therefore takes
// the oldest invites first, each once every earlier one is answered too.
type acceptance struct {
	ring     []bool // true for accepted; the oldest is overwritten first
	next     int
	n        int // resolved invites in the window, at most len(ring)
	accepted int
	// sent holds the answers of the campaign's invites in the order they went out,
	// from the oldest one still unanswered: 0 pending, 1 accepted, 2 not accepted.
	// base is the slot of sent[0]; from is the first slot that counts (the invites
	// sent before a resume do not).
	sent       []uint8
	base, from int64
	// reason is set while the campaign is paused; parked holds the enrollments whose
	// invite came due meanwhile, to go on once it resumes.
	reason string
	parked []*Enrollment
}

// The answers sent holds.
const (
	answerPending uint8 = iota
	answerAccepted
	answerNot
)

// sentInvite gives a new invite of the campaign its slot in send order.
func (c *campaign) sentInvite() int64 {
	c.acc.sent = append(c.acc.sent, answerPending)
	return c.acc.base + int64(len(c.acc.sent)) - 1
}

// answered notes the answer to the invite in slot, then moves every invite whose
// turn has come, oldest first, into the window.
func (c *campaign) answered(slot int64, accepted bool) {
	w := &c.acc
	i := slot - w.base
	if i < 0 || i >= int64(len(w.sent)) || w.sent[i] != answerPending {
		return
	}
	w.sent[i] = answerNot
	if accepted {
		w.sent[i] = answerAccepted
	}
	for len(w.sent) > 0 && w.sent[0] != answerPending {
		if w.base >= w.from {
			c.resolved(w.sent[0] == answerAccepted)
		}
		w.sent = w.sent[1:]
		w.base++
	}
}

// threshold returns the campaign's floor and window size with defaults applied; a
// negative MinAcceptance turns auto-pause off (window 0).
func (c *campaign) threshold() (float64, int) {
	floor, n := c.MinAcceptance, c.AcceptanceWindow
	if floor < 0 {
		return 0, 0
	}
	if floor == 0 {
		floor = DefaultMinAcceptance
	}
	if n <= 0 {
		n = DefaultAcceptanceWindow
	}
	return floor, n
}

// resolved counts one of the campaign's invites as answered (accepted or not: declined,
// withdrawn, expired) and pauses the campaign once a full window falls below its floor.
func (c *campaign) resolved(accepted bool) {
	floor, size := c.threshold()
	if size == 0 {
		return
	}
	w := &c.acc
	if len(w.ring) != size {
		w.ring, w.next, w.n, w.accepted = make([]bool, size), 0, 0, 0
	}
	if w.n == size {
		if w.ring[w.next] {
			w.accepted--
		}
	} else {
		w.n++
	}
	w.ring[w.next] = accepted
	if accepted {
		w.accepted++
	}
	w.next = (w.next + 1) % size
	if w.reason != "" || w.n < size {
		return
	}
	if rate := float64(w.accepted) / float64(w.n); rate < floor {
		w.reason = fmt.Sprintf("acceptance %.0f%% over the last %d invites, below the campaign's %.0f%%: review targeting or the note, then resume",
			math.Floor(rate*100), w.n, floor*100)
	}
}

// resolveInvite ends the account's pending invite to the lead, if any, and counts its
// answer for the campaign that sent it. It is the one place invites resolve, so an
// answer heard twice (a withdrawal the engine made and the platform then reports)
// counts once.
func (g *Engine) resolveInvite(s *seat, id int32, accepted bool) {
	inv, ok := g.pendingInvite(s, id)
	if !ok {
		return
	}
	g.dropPending(s, id)
	if inv.camp != nil {
		inv.camp.answered(inv.slot, accepted)
	}
}

// park holds e, whose invite came due while its campaign is paused, until the
// campaign resumes.
func (g *Engine) park(e *Enrollment) {
	g.unqueue(e)
	g.bump(e)
	e.phase, e.Due = phaseDelay, time.Time{}
	e.camp.acc.parked = append(e.camp.acc.parked, e)
}

// PausedReason returns why the engine paused the campaign for a low acceptance rate,
// or "" while it runs (or is unknown).
func (g *Engine) PausedReason(campaign string) string {
	if c := g.campaigns[campaign]; c != nil {
		return c.acc.reason
	}
	return ""
}

// PausedCampaigns returns the campaigns the engine has paused, by name, with why.
func (g *Engine) PausedCampaigns() map[string]string {
	out := map[string]string{}
	for name, c := range g.campaigns {
		if c.acc.reason != "" {
			out[name] = c.acc.reason
		}
	}
	return out
}

// ResumeCampaign lifts the campaign's auto-pause at now: the invites held meanwhile
// come due, and the window starts empty so the campaign does not pause again at once
// on the invites that paused it. Errors: ENOTFOUND for an unknown campaign.
func (g *Engine) ResumeCampaign(campaign string, now time.Time) error {
	c := g.campaigns[campaign]
	if c == nil {
		return paceline.Errorf(paceline.ENOTFOUND, "campaign %q does not exist", campaign)
	}
	parked := c.acc.parked
	w := &c.acc
	w.ring, w.next, w.n, w.accepted, w.reason, w.parked = nil, 0, 0, 0, "", nil
	w.from = w.base + int64(len(w.sent))
	for _, e := range parked {
		if e.phase == phaseDelay && e.Due.IsZero() && e.State == Active {
			g.schedule(e, now)
		}
	}
	return nil
}

// InviteResolved puts one answered invite of the campaign, accepted or not, straight
// into its window: a runtime that builds the engine afresh replays the campaign's
// recent answers with it, oldest invite first. Errors: ENOTFOUND for an unknown campaign.
func (g *Engine) InviteResolved(campaign string, accepted bool) error {
	c := g.campaigns[campaign]
	if c == nil {
		return paceline.Errorf(paceline.ENOTFOUND, "campaign %q does not exist", campaign)
	}
	c.resolved(accepted)
	return nil
}
