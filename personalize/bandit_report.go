package personalize

import "math/rand/v2"

// DefaultReportDraws is the number of Monte Carlo draws Report uses when given none:
// enough to put the probability of being best within about a percentage point.
const DefaultReportDraws = 10_000

// VariantReport is what the dashboard and the API show for one variant: its counts and
// what the bandit believes about its success rate.
type VariantReport struct {
	VariantStats
	// Mean is the posterior mean of the success rate, (1+s)/(2+n).
	Mean float64 `json:"mean"`
	// Low and High bound the 90% credible interval: the rate lies between them with
	// probability 0.9 given the counts so far (the 5% and 95% posterior quantiles).
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// ProbBest is the posterior probability that this variant has the highest rate,
	// estimated by Monte Carlo; while the bandit is not frozen it is also the share of
	// new leads Choose sends this variant.
	ProbBest float64 `json:"prob_best"`
	// Frozen is set on the variant every lead now gets.
	Frozen bool `json:"frozen"`
}

// Report describes every variant, in the order of the ids given to NewBandit. The
// probability of being best comes from draws joint draws of all posteriors (draws <= 0
// uses DefaultReportDraws) made with r, so a seeded r gives a repeatable report.
func (b *Bandit) Report(r *rand.Rand, draws int) []VariantReport {
	if draws <= 0 {
		draws = DefaultReportDraws
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	wins := make([]int, len(b.stats))
	for range draws {
		wins[b.draw(r)]++
	}
	out := make([]VariantReport, len(b.stats))
	for i, s := range b.stats {
		a, f := alpha(s), beta(s)
		out[i] = VariantReport{
			VariantStats: s,
			Mean:         a / (a + f),
			Low:          betaQuantile(0.05, a, f),
			High:         betaQuantile(0.95, a, f),
			ProbBest:     float64(wins[i]) / float64(draws),
			Frozen:       s.ID == b.frozen,
		}
	}
	return out
}
