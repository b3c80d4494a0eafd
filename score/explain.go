package score

import "github.com/paceline/paceline"

// Explain fills in the Why of each line of an explanation kept without its sentences.
// A store keeps only each rule's name and points, since the sentence follows from the
// rule and the lead (a million leads would otherwise carry the same few sentences a
// million times); Explain says them again from this ruleset. A line whose rule the
// ruleset does not have, or no longer matches the lead, keeps an empty Why.
func (r *Rules) Explain(l *paceline.Lead, lines []Contribution) {
	whys := map[string]string{"base": "every lead starts here"}
	r.walk(l, func(_ *float64, rule string, _ float64, why string) { whys[rule] = why })
	for i := range lines {
		c := &lines[i]
		switch {
		case c.Why != "":
		case c.Rule == "clamp" && c.Points < 0:
			c.Why = "the score is capped at 100"
		case c.Rule == "clamp":
			c.Why = "the score does not go below 0"
		default:
			c.Why = whys[c.Rule]
		}
	}
}
