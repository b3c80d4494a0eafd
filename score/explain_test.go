package score

import (
	"slices"
	"testing"

	"github.com/paceline/paceline"
)

func TestExplainRestoresTheSentences(t *testing.T) {
	t.Parallel()
	r, err := Parse([]byte("base: 90\nseniority:\n  vp: 20\nsignals:\n  mutual_connections: {per: 1, max: 5}\n"))
	if err != nil {
		t.Fatal(err)
	}
	leads := []paceline.Lead{
		{Seniority: paceline.SeniorityVP, MutualConnections: 3},
		{Seniority: paceline.SeniorityEntry},
	}
	for _, l := range leads {
		_, full := r.Score(&l)
		bare := slices.Clone(full)
		for i := range bare {
			bare[i].Why = ""
		}
		r.Explain(&l, bare)
		if !slices.Equal(bare, full) {
			t.Errorf("Explain gave %+v, want %+v", bare, full)
		}
	}
	lines := []Contribution{{Rule: "industry:gone", Points: 3}}
	r.Explain(&leads[0], lines)
	if lines[0].Why != "" {
		t.Errorf("a rule the ruleset lacks got a sentence: %q", lines[0].Why)
	}
}
