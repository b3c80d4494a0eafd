package enrich

import (
	"fmt"
	"strings"
)

// Known is someone at the searched domain whose address is known (another lead, a
// past reply): the best evidence of the pattern the company uses.
type Known struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email"`
}

// How much known addresses move the pattern estimate; docs/enrichment.md explains it.
const (
	// patternMismatch is how likely a known address is to miss its company's pattern
	// anyway (a nickname, a second jane.doe, an old alias).
	patternMismatch = 0.1
	// confidencePatternKnown caps an unverified guess whose pattern the evidence
	// supports: the pattern may hold and this person still have another address.
	confidencePatternKnown = 0.9
)

// patternEvidence is what the known addresses say about each pattern.
type patternEvidence struct {
	domain    string
	used      int                // known addresses that follow some pattern
	matches   map[string]int     // pattern name -> known addresses following it
	posterior map[string]float64 // pattern name -> probability the domain uses it
}

// learnPatterns weighs the patterns by the known addresses at domain: each pattern's
// prior times, for every known address, 1 when the pattern gives that address from
// the person's name and patternMismatch when it does not, normalised over the
// patterns. Addresses at other domains and addresses no pattern explains (info@,
// sales@) say nothing about the name pattern and are left out.
func learnPatterns(patterns []Pattern, domain string, known []Known) patternEvidence {
	ev := patternEvidence{domain: domain, matches: map[string]int{}}
	for _, k := range known {
		local, dom, ok := strings.Cut(strings.ToLower(strings.TrimSpace(k.Email)), "@")
		if !ok || dom != domain {
			continue
		}
		hit := map[string]bool{}
		for _, g := range guesses(patterns, k.FirstName, k.LastName) {
			if g.local == local {
				hit[g.pattern] = true
			}
		}
		if len(hit) == 0 {
			continue
		}
		ev.used++
		for name := range hit {
			ev.matches[name]++
		}
	}
	if ev.used == 0 {
		return ev
	}
	ev.posterior = make(map[string]float64, len(patterns))
	total := 0.0
	for _, p := range patterns {
		w := p.Prior
		for range ev.used - ev.matches[p.Name] {
			w *= patternMismatch
		}
		ev.posterior[p.Name] = w
		total += w
	}
	for name := range ev.posterior {
		ev.posterior[name] /= total
	}
	return ev
}

// apply replaces each guess's prior by the pattern's posterior, keeping the spelling
// variant's discount, and notes the evidence for the reason.
func (ev patternEvidence) apply(gs []guess) {
	if ev.used == 0 {
		return
	}
	for i := range gs {
		g := &gs[i]
		variantWeight := g.prior / g.patternPrior
		g.prior = ev.posterior[g.pattern] * variantWeight * confidencePatternKnown
		g.evidence = fmt.Sprintf("%d of %d known addresses at %s follow %s", ev.matches[g.pattern], ev.used, ev.domain, g.pattern)
	}
}
