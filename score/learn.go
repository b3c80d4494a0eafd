package score

import (
	"math"
	"slices"
	"strings"

	"github.com/paceline/paceline"
)

// Outcome is what came of contacting one lead: whether it accepted the invite and
// whether it answered on any channel. It is the ledger's paceline.LeadOutcome, so the
// stores' outcomes feed Learn as they are.
type Outcome = paceline.LeadOutcome

// LearnOptions tune Learn; a zero field takes its default.
type LearnOptions struct {
	// AcceptWeight is how much success an accept without a reply counts for (default
	// 0.5): a reply is what the user wants, an accept is half-way there.
	AcceptWeight float64
	// PriorStrength is how many leads at the base rate are added to every rule's
	// evidence before its rate is read (default 20): it keeps a rule matched by a
	// handful of leads near the base rate.
	PriorStrength float64
	// PointsPerLogit turns a difference in log-odds into points (default 8).
	PointsPerLogit float64
	// MinLeads leaves a rule alone unless at least this many leads matched it
	// (default 10).
	MinLeads int
}

func (o *LearnOptions) defaults() {
	if o.AcceptWeight == 0 {
		o.AcceptWeight = 0.5
	}
	if o.PriorStrength == 0 {
		o.PriorStrength = 20
	}
	if o.PointsPerLogit == 0 {
		o.PointsPerLogit = 8
	}
	if o.MinLeads == 0 {
		o.MinLeads = 10
	}
}

// Adjustment reports how Learn changed one rule and on what evidence.
type Adjustment struct {
	Rule      string  `json:"rule"`
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	Leads     int     `json:"leads"`     // contacted leads the rule matched
	Successes float64 `json:"successes"` // their replies plus weighted accepts
	Rate      float64 `json:"rate"`      // smoothed success rate of those leads
	BaseRate  float64 `json:"base_rate"` // success rate of all contacted leads
	Lift      float64 `json:"lift"`      // log-odds of Rate against BaseRate
}

// Learn re-weights the rules from outcomes and returns the new ruleset (r is not
// changed) with one Adjustment per rule it changed, sorted by rule name.
//
// The method, per rule f, is a smoothed log-odds lift blended into the prior weight:
//
//	y      = 1 for a reply, AcceptWeight for an accept without reply, 0 otherwise
//	p      = Σy / N over all N outcomes (the base rate; kept inside (0, 1) by adding
//	         half a success and one lead when it would be 0 or 1)
//	n_f,s_f = leads the rule matched and their Σy
//	p_f    = (s_f + a·p) / (n_f + a)       a = PriorStrength (shrinks small samples to p)
//	lift   = logit(p_f) − logit(p)
//	w'     = w + k·lift                    k = PointsPerLogit, clamped to −100..100
//
// A rule that fired for leads that answered more often than the rest gains points,
// one that fired for leads that answered less loses some, and with little evidence the
// shrinkage keeps the user's prior weight. Rules matched by fewer than MinLeads leads
// stay as written. Only existing rules move; give a rule 0 points to let Learn weigh it.
// For the mutual-connections signal the cap ("max") is what moves.
func Learn(r *Rules, outcomes []Outcome, opt LearnOptions) (*Rules, []Adjustment, error) {
	opt.defaults()
	if len(outcomes) == 0 {
		return nil, nil, paceline.Errorf(paceline.EINVALID, "there are no outcomes to learn from yet; contact some leads first")
	}
	out := r.clone()
	type evidence struct {
		rule string
		n    int
		s    float64
	}
	seen := map[*float64]*evidence{}
	var total float64
	for _, o := range outcomes {
		y := 0.0
		switch {
		case o.Replied:
			y = 1
		case o.Accepted:
			y = opt.AcceptWeight
		}
		total += y
		out.walk(o.Lead, func(w *float64, rule string, _ float64, _ string) {
			e := seen[w]
			if e == nil {
				e = &evidence{rule: rule}
				seen[w] = e
			}
			e.n++
			e.s += y
		})
	}
	n := float64(len(outcomes))
	p := total / n
	if p <= 0 || p >= 1 {
		p = (total + 0.5) / (n + 1)
	}
	var adj []Adjustment
	for w, e := range seen {
		if e.n < opt.MinLeads {
			continue
		}
		pf := (e.s + opt.PriorStrength*p) / (float64(e.n) + opt.PriorStrength)
		pf = min(max(pf, 1e-6), 1-1e-6)
		lift := logit(pf) - logit(p)
		to := math.Round((*w+opt.PointsPerLogit*lift)*100) / 100
		to = min(max(to, -maxPoints), maxPoints)
		if to == *w {
			continue
		}
		adj = append(adj, Adjustment{Rule: e.rule, From: *w, To: to, Leads: e.n, Successes: e.s, Rate: pf, BaseRate: p, Lift: lift})
		*w = to
	}
	slices.SortFunc(adj, func(a, b Adjustment) int { return strings.Compare(a.Rule, b.Rule) })
	return out, adj, nil
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// clone returns a deep copy of the ruleset.
func (r *Rules) clone() *Rules {
	c := *r
	c.Seniority = slices.Clone(r.Seniority)
	c.Department = slices.Clone(r.Department)
	c.TitleKeywords = slices.Clone(r.TitleKeywords)
	c.Industry = slices.Clone(r.Industry)
	c.CompanySize = slices.Clone(r.CompanySize)
	c.Location = slices.Clone(r.Location)
	c.Custom = slices.Clone(r.Custom)
	for i := range c.Custom {
		c.Custom[i].Values = slices.Clone(r.Custom[i].Values)
	}
	return &c
}
