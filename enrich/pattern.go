package enrich

import (
	"fmt"
	"strings"
)

// Pattern is one way companies build addresses from names, with Prior, the rough share
// of company domains that use it. The priors come from published surveys of corporate
// address formats, which agree on the order (first.last far ahead, then first, flast,
// firstlast) more than on the figures; they rank guesses, they are not measurements.
type Pattern struct {
	Name  string  // "first.last", "flast" ...
	Prior float64 // share of domains using it, 0-1
	build func(first, last string) string
}

// Address returns the local part for a first and last name already transliterated, or
// "" when the pattern needs a part the name lacks.
func (p Pattern) Address(first, last string) string {
	if first == "" || (last == "" && p.Name != "first") {
		return ""
	}
	return p.build(first, last)
}

func initial(s string) string { return s[:1] }

// DefaultPatterns are the patterns Finder tries, most common first.
var DefaultPatterns = []Pattern{
	{"first.last", 0.40, func(f, l string) string { return f + "." + l }},
	{"first", 0.14, func(f, l string) string { return f }},
	{"flast", 0.12, func(f, l string) string { return initial(f) + l }},
	{"firstlast", 0.07, func(f, l string) string { return f + l }},
	{"first_last", 0.04, func(f, l string) string { return f + "_" + l }},
	{"f.last", 0.04, func(f, l string) string { return initial(f) + "." + l }},
	{"firstl", 0.03, func(f, l string) string { return f + initial(l) }},
	{"last", 0.03, func(f, l string) string { return l }},
	{"last.first", 0.03, func(f, l string) string { return l + "." + f }},
	{"lastf", 0.02, func(f, l string) string { return l + initial(f) }},
	{"first.l", 0.02, func(f, l string) string { return f + "." + initial(l) }},
	{"first-last", 0.02, func(f, l string) string { return f + "-" + l }},
	{"lastfirst", 0.01, func(f, l string) string { return l + f }},
}

// PatternByName returns the default pattern with that name.
func PatternByName(name string) (Pattern, bool) {
	for _, p := range DefaultPatterns {
		if p.Name == name {
			return p, true
		}
	}
	return Pattern{}, false
}

// guess is one candidate local part before any check.
type guess struct {
	local        string
	pattern      string
	patternPrior float64 // the pattern's share of domains
	prior        float64 // patternPrior discounted for a spelling variant
	variant      string  // the spelling variant used, "" for the plain one
	evidence     string  // what known addresses at the domain say, "" when none
}

// why says how common the guess's pattern is, and which spelling it uses.
func (g guess) why() string {
	s := fmt.Sprintf("%s is used by about %.0f%% of companies", g.pattern, g.patternPrior*100)
	if g.evidence != "" {
		s = g.evidence
	}
	if g.variant != "" {
		s += " (" + g.variant + ")"
	}
	return s
}

// germanSpelling discounts a guess that uses the German umlaut spelling (mueller):
// common in German companies, rarer elsewhere.
const germanSpelling = 0.5

// guesses builds every distinct local part the patterns give for a name, best first.
// Hyphenated first names also try the first half alone ("Anne-Marie" -> anne), a
// common shortening, at a discount.
func guesses(patterns []Pattern, firstName, lastName string) []guess {
	firsts := weighted(localParts(firstName))
	for _, f := range firsts {
		if i := strings.IndexByte(f.s, '-'); i > 0 {
			firsts = append(firsts,
				variant{f.s[:i], f.w * 0.5, join(f.why, "first part of the first name")},
				variant{strings.ReplaceAll(f.s, "-", ""), f.w * 0.5, join(f.why, "first name without its hyphen")})
		}
	}
	lasts := weighted(localParts(lastName))
	if len(lasts) == 0 {
		lasts = []variant{{"", 1, ""}}
	}
	seen := map[string]bool{}
	var out []guess
	for _, p := range patterns {
		for _, f := range firsts {
			for _, l := range lasts {
				local := p.Address(f.s, l.s)
				if local == "" || len(local) > 64 || seen[local] {
					continue
				}
				seen[local] = true
				out = append(out, guess{local, p.Name, p.Prior, p.Prior * f.w * l.w, join(f.why, l.why), ""})
			}
		}
	}
	return out
}

// variant is one spelling of a name part, its weight and what makes it a variant.
type variant struct {
	s   string
	w   float64
	why string
}

func weighted(parts []string) []variant {
	out := make([]variant, len(parts))
	for i, p := range parts {
		out[i] = variant{p, 1, ""}
		if i > 0 {
			out[i] = variant{p, germanSpelling, "German spelling of the umlauts"}
		}
	}
	return out
}

func join(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	default:
		return a + ", " + b
	}
}
