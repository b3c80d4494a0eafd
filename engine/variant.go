package engine

import (
	"math/rand/v2"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
)

// VariantUse is one variant a lead was given at one step, and what came of it: Sent
// once the action carrying it was done, Success once the step's goal followed
// (accepted for an invite, replied for a message). A durable runtime keeps these with
// the enrollment; the bandits are rebuilt from them.
type VariantUse struct {
	Step    string `json:"step"`
	Variant string `json:"variant"`
	Sent    bool   `json:"sent,omitempty"`
	Success bool   `json:"success,omitempty"`
}

// randSource is the engine's own random stream for variant choices, created on first
// use from Options.Seed so that a run repeats exactly.
type randSource struct{ r *rand.Rand }

func (s *randSource) get(seed uint64) *rand.Rand {
	if s.r == nil {
		s.r = rand.New(rand.NewPCG(seed, 0x7661726961)) // "varia"
	}
	return s.r
}

// stepBandit is the learning state of one step of one campaign.
type stepBandit struct {
	b    *personalize.Bandit
	ids  []string
	next int // the fixed even split's turn
}

// bandit returns the bandit of step i of campaign c, building it on first use with the
// counts of every enrollment the engine knows (so enrollments restored from storage
// count), or nil for a step without variants.
func (g *Engine) bandit(c *campaign, i int) *stepBandit {
	if g.texts.bandits == nil {
		g.texts.bandits = map[*campaign][]*stepBandit{}
	}
	steps := g.texts.bandits[c]
	if steps == nil {
		steps = make([]*stepBandit, len(c.Sequence.Steps))
		g.texts.bandits[c] = steps
	}
	if steps[i] != nil {
		return steps[i]
	}
	st := &c.Sequence.Steps[i]
	b, err := st.Bandit()
	if err != nil {
		return nil // a single text: nothing to learn
	}
	sends, wins := map[string]int{}, map[string]int{}
	for _, e := range g.all {
		if e.camp != c {
			continue
		}
		for _, u := range e.Variants {
			if u.Step == st.ID && u.Sent {
				sends[u.Variant]++
				if u.Success {
					wins[u.Variant]++
				}
			}
		}
	}
	ids := st.VariantIDs()
	for _, id := range ids {
		// Counts of a variant since removed from the step are dropped: it can no
		// longer be chosen.
		_ = b.Observe(id, sends[id], min(wins[id], sends[id]))
	}
	steps[i] = &stepBandit{b: b, ids: ids}
	return steps[i]
}

// variantAt returns the variant e was given at step i, or "".
func (e *Enrollment) variantAt(i int) string {
	if i < 0 {
		return ""
	}
	id := e.camp.Sequence.Steps[i].ID
	for _, u := range e.Variants {
		if u.Step == id {
			return u.Variant
		}
	}
	return ""
}

// assign returns e's variant of its current step: the stored one, else a fresh choice,
// by Thompson sampling or, with Options.SplitEvenly, in turn; a frozen step gives
// every new lead its frozen variant.
func (g *Engine) assign(e *Enrollment) (string, error) {
	st := e.step()
	sb := g.bandit(e.camp, e.Step)
	if sb == nil {
		return "", nil
	}
	stored := e.variantAt(e.Step)
	if !g.opt.SplitEvenly || stored != "" || sb.b.Frozen() != "" {
		a, fresh, err := personalize.Assign(sb.b, g.texts.rng.get(g.opt.Seed), e.Key, st.ID, stored)
		if err != nil {
			return "", err
		}
		if fresh {
			e.Variants = append(e.Variants, VariantUse{Step: st.ID, Variant: a.Variant})
		}
		return a.Variant, nil
	}
	id := sb.ids[sb.next%len(sb.ids)]
	sb.next++
	e.Variants = append(e.Variants, VariantUse{Step: st.ID, Variant: id})
	return id, nil
}

// recordSend counts the variant of e's current step as sent, once its action is done,
// and remembers e as awaiting the step's goal: the answer may come after e has ended
// (a reply to the last message of a sequence).
func (g *Engine) recordSend(e *Enrollment) {
	if e.text.Variant == "" {
		return
	}
	id := e.step().ID
	for i := range e.Variants {
		u := &e.Variants[i]
		if u.Step == id && !u.Sent {
			// The bandit first, built from the counts so far: built after the mark, it
			// would count this send twice.
			sb := g.bandit(e.camp, e.Step)
			u.Sent = true
			if sb != nil {
				_ = sb.b.RecordSend(u.Variant)
			}
			g.await(e)
			return
		}
	}
}

// await remembers e as the enrollment whose latest variant its lead's next goal event
// answers.
func (g *Engine) await(e *Enrollment) {
	p := &g.people[e.person]
	if p.awaiting == nil {
		g.texts.awaiting++
	}
	p.awaiting = e
}

// sentVariant reports whether any of the uses was sent.
func sentVariant(uses []VariantUse) bool {
	for _, u := range uses {
		if u.Sent {
			return true
		}
	}
	return false
}

// creditGoal credits a goal event to the enrollment that last sent the lead a
// variant, running or not: an accept only from the account that sent the invite.
func (g *Engine) creditGoal(ev paceline.Event, s *seat, id int32) {
	if g.texts.awaiting == 0 || (ev.Type != paceline.EventAccepted && ev.Type != paceline.EventReplied) {
		return
	}
	p := &g.people[id]
	e := p.awaiting
	if e == nil || (ev.Type == paceline.EventAccepted && s != e.seat) {
		return
	}
	g.credit(e, ev.Type)
	if ev.Type == paceline.EventReplied {
		p.awaiting = nil // a reply ends the conversation's test
		g.texts.awaiting--
	}
}

// credit counts a goal event (accepted, replied) as the success of the latest variant
// e was sent whose step has that goal: an accept answers the invite's note, a reply
// the last message before it.
func (g *Engine) credit(e *Enrollment, goal paceline.EventKind) {
	seq := e.camp.Sequence
	for i := len(e.Variants) - 1; i >= 0; i-- {
		u := &e.Variants[i]
		si := seq.Index(u.Step)
		if !u.Sent || si < 0 || sequence.Goal(seq.Steps[si].Kind) != goal {
			continue
		}
		if !u.Success {
			sb := g.bandit(e.camp, si) // before the mark, like recordSend
			u.Success = true
			if sb != nil {
				_ = sb.b.RecordSuccess(u.Variant)
			}
		}
		return
	}
}

// VariantReport describes the variants of one step of a campaign: each one's sends,
// successes and posterior (personalize.Bandit.Report), with a report's random draws
// seeded from the engine's seed. Errors: ENOTFOUND for an unknown campaign or step,
// ECONFLICT for a step without variants.
func (g *Engine) VariantReport(campaignName, stepID string) ([]personalize.VariantReport, error) {
	c := g.campaigns[campaignName]
	if c == nil {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "campaign %q does not exist", campaignName)
	}
	i := c.Sequence.Index(stepID)
	if i < 0 {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "campaign %s has no step %q", campaignName, stepID)
	}
	sb := g.bandit(c, i)
	if sb == nil {
		return nil, paceline.Errorf(paceline.ECONFLICT, "step %s of campaign %s has a single text and no variants", stepID, campaignName)
	}
	return sb.b.Report(rand.New(rand.NewPCG(g.opt.Seed, 0x7265706f7274)), 0), nil
}
