package runtime

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// Campaign auto-pause across ticks. The engine is built afresh at every tick, so it
// cannot remember a campaign's acceptance window: the tick replays it from the ledger
// (the campaign's invites from this account, oldest first, each with the first answer
// after it: an accept, a decline, a withdrawal event or a done withdrawal) before it
// steps, and stores any pause the engine then makes so that `campaigns status` shows
// it and later ticks leave the campaign alone until a person starts it again.
//
// Only invites sent since the campaign's latest state change count (its UpdatedAt, set
// by start, pause and resume), so a resumed campaign starts with an empty window. A
// store whose clock runs ahead of the runner's virtual clock gives no usable instant;
// every invite counts then.

// replayAcceptance feeds the engine the answered invites of each active campaign.
func replayAcceptance(g *engine.Engine, camps []*paceline.Campaign, actions []paceline.Action, events []paceline.Event, now time.Time) error {
	answers := map[string][]answer{} // lead -> its invites' answers, in time order
	for _, ev := range events {
		switch ev.Type {
		case paceline.EventAccepted, paceline.EventDeclined, paceline.EventWithdrawn:
			answers[ev.Lead] = append(answers[ev.Lead], answer{at: ev.At, accepted: ev.Type == paceline.EventAccepted})
		}
	}
	invites := map[string][]paceline.Action{}
	for _, a := range actions {
		if a.Result != paceline.ResultDone {
			continue
		}
		switch a.Kind {
		case paceline.KindWithdraw:
			answers[a.Lead] = append(answers[a.Lead], answer{at: a.At})
		case paceline.KindInvite:
			invites[a.Campaign] = append(invites[a.Campaign], a)
		}
	}
	for _, as := range answers {
		slices.SortStableFunc(as, func(x, y answer) int { return x.at.Compare(y.at) })
	}
	for _, c := range camps {
		if c.State != paceline.CampaignActive {
			continue
		}
		since := c.UpdatedAt
		if since.After(now) {
			since = time.Time{}
		}
		sent := invites[c.Name]
		slices.SortStableFunc(sent, func(x, y paceline.Action) int { return x.At.Compare(y.At) })
		// The window takes invites in send order, each once every earlier one is
		// answered (engine.acceptance says why): stop at the first unanswered.
		var got []bool
		for _, a := range sent {
			if a.At.Before(since) {
				continue
			}
			as := answers[a.Lead]
			i, _ := slices.BinarySearchFunc(as, a.At, func(x answer, t time.Time) int { return x.at.Compare(t) })
			if i == len(as) {
				break
			}
			got = append(got, as[i].accepted)
		}
		for _, ok := range got[max(0, len(got)-engine.DefaultAcceptanceWindow):] {
			if err := g.InviteResolved(c.Name, ok); err != nil {
				return fmt.Errorf("campaign %s: %w", c.Name, err)
			}
		}
	}
	return nil
}

// answer is one answer to an invite: accepted, or not (declined, withdrawn).
type answer struct {
	at       time.Time
	accepted bool
}

// storePauses stores every campaign the engine paused during the tick, with why.
func (r *Runner) storePauses(ctx context.Context, g *engine.Engine) error {
	for name, reason := range g.PausedCampaigns() {
		if err := r.Store.SetCampaignState(ctx, name, paceline.CampaignPaused, reason); err != nil {
			return fmt.Errorf("pause campaign %s: %w", name, err)
		}
		r.logger().Warn("campaign paused", "campaign", name, "reason", reason)
	}
	return nil
}
