package aiwrite

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paceline/paceline/personalize"
)

func TestGuardCheck(t *testing.T) {
	t.Parallel()
	g := Guard{
		MaxChars: 80,
		Banned:   []string{"touch base", "synergy", "I hope this finds you well"},
		Allowed:  []string{"Paceline"},
		Sources:  []string{"Zoë", "Müller & Söhne", "supply chains", "Head of Ops", "1,500 people", "Mention the Q3 report."},
	}
	tests := []struct {
		text string
		want []Rule
		says string // part of the violations' details
	}{
		{"Hi Zoë, your work on supply chains at Müller & Söhne stands out.", nil, ""},
		{"Zoë's team of 1500 at Müller & Söhne read the Q3 report.", nil, ""}, // possessive, separators
		{"Hi Zoë! I'm with Paceline; I'd like to connect. OK?", nil, ""},      // allowed words
		{"Great post. Would love to connect, Zoë.", nil, ""},                  // sentence starts
		{"Hi Zoë, let's touch base.", []Rule{RuleBanned}, `"touch base"`},
		{"Hi Zoë. Touch\n  base next week?", []Rule{RuleBanned}, `"touch base"`},
		{"i hope this finds you well, Zoë", []Rule{RuleBanned}, "i hope this finds you well"},
		{"Hi Zoë, synergyx is a word we made up.", nil, ""}, // whole words only
		{"Hi Zoë, synergy-driven teams.", []Rule{RuleBanned}, `"synergy"`},
		{"Hi Zoë, congrats on joining Acme.", []Rule{RuleInvented}, `"Acme"`},
		{"Hi Zoë, your 3 launches impressed me.", []Rule{RuleInvented}, `"3"`},
		{"Hi Zoë, you grew to 2,000 people.", []Rule{RuleInvented}, `"2,000"`},
		{"Loved the AWS talk, Zoë.", []Rule{RuleInvented}, `"AWS"`}, // capitals even at a sentence start
		{"Hi Zoë, as Head of Ops at Müller & Söhne you know supply chains better than anyone I know.", []Rule{RuleLength}, "90 characters; the limit is 80"},
		{"Hi Zoë, synergy at Google is my 1 thing and I want to touch base about it, really.", []Rule{RuleLength, RuleBanned, RuleBanned, RuleInvented}, `"Google", "1"`},
	}
	for _, tt := range tests {
		vs := g.Check(tt.text)
		var rules []Rule
		var details []string
		for _, v := range vs {
			rules = append(rules, v.Rule)
			details = append(details, v.String())
		}
		if !slices.Equal(rules, tt.want) || !strings.Contains(strings.Join(details, "|"), tt.says) {
			t.Errorf("Check(%q) = %v, want rules %v saying %q", tt.text, details, tt.want, tt.says)
		}
	}
}

func TestClean(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`  "Hi Zoë, glad to connect."  `, "Hi Zoë, glad to connect."},
		{"“Hi Zoë.”", "Hi Zoë."},
		{`"Hi" she said, "welcome"`, `"Hi" she said, "welcome"`},
		{"'tis fine'", "tis fine"},
		{"plain", "plain"},
		{`""`, ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzGuardCheck checks that the guard never panics, that the length rule fires
// exactly when the text is over the limit, and that a text made only of its own
// sources, within the limit and with no banned phrase, always passes.
func FuzzGuardCheck(f *testing.F) {
	for _, s := range []string{"Hi Zoë, 1,500 people at Müller & Söhne.", "", "a", "’s", "3.5.6,,7", "I'm I'd. AWS!", "\xff\xfe", "Ünïcödé Éclair", "x-\n-y"} {
		f.Add(s, 40)
	}
	f.Fuzz(func(t *testing.T, text string, limit int) {
		limit = max(limit%500, 0)
		g := Guard{MaxChars: limit, Banned: []string{"touch base"}, Sources: []string{text}}
		vs := g.Check(text)
		over := limit > 0 && personalize.RuneCount(text) > limit
		hasLength := slices.ContainsFunc(vs, func(v Violation) bool { return v.Rule == RuleLength })
		if over != hasLength {
			t.Errorf("Check(%q) with limit %d: length violation %v, over %v", text, limit, hasLength, over)
		}
		banned := containsWord(normalise(text), "touch base")
		for _, v := range vs {
			if v.Rule == RuleInvented && utf8.ValidString(text) {
				t.Errorf("Check(%q) says a text invents facts relative to itself: %v", text, v)
			}
			if v.Rule == RuleBanned && !banned {
				t.Errorf("Check(%q): banned violation without the phrase", text)
			}
		}
	})
}
