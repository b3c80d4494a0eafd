package aiwrite

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paceline/paceline/personalize"
)

// Rule names a guardrail.
type Rule string

// The guardrails a generated text must pass.
const (
	RuleLength   Rule = "length"   // over the character limit, or cut off by the token limit
	RuleBanned   Rule = "banned"   // holds a banned phrase
	RuleInvented Rule = "invented" // states a number or name found in no field nor the prompt
)

// Violation is one guardrail a text breaks, with what to tell the model or the user.
type Violation struct {
	Rule   Rule   `json:"rule"`
	Detail string `json:"detail"`
}

func (v Violation) String() string { return string(v.Rule) + ": " + v.Detail }

// Guard checks generated texts. Build one per lead and step: Sources are that lead's
// field values and the user's prompt.
type Guard struct {
	// MaxChars is the hard limit in characters (runes); 0 means none.
	MaxChars int
	// Banned phrases are refused case-insensitively, as whole words: "synergy" refuses
	// "Synergy!" but not "synergyx".
	Banned []string
	// Allowed are capitalised words and numbers that are never taken for invented facts
	// (the product's own name, "LinkedIn").
	Allowed []string
	// Sources are the texts facts may come from: the fields given to the model and the
	// user's prompt.
	Sources []string
}

// alwaysAllowed are the words every Guard allows: the first person and the platform.
var alwaysAllowed = []string{"I", "I'm", "I've", "I'd", "I'll", "LinkedIn", "OK"}

// DefaultBanned are phrases that mark a note as mass-produced. Users add their own.
func DefaultBanned() []string {
	return []string{
		"I hope this message finds you well", "I hope this finds you well", "as an AI",
		"language model", "synergy", "synergies", "circle back", "touch base",
		"game-changer", "game changer", "revolutionize", "revolutionise", "quick call",
		"[name]", "[company]",
	}
}

// Check returns every guardrail text breaks, nil when it may be used.
//
// Besides the limit, the banned phrases and invented facts, a text must be finished
// plain text: no unfilled placeholder ({x}, {{x}}, or a field name in brackets such as
// <first name> or [Your Name]), no markdown heading, emphasis or code, no control
// character but the line break and the tab, and no line in which the model talks to the
// user about its text ("Note: ..." closing the text, "Let me know if you'd like any
// changes to this message.", "Here is a draft:"). Line breaks are compared as "\n": a
// browser's CRLF (see NormaliseLineBreaks) is one line break, not a control character.
//
// The invented-facts check is a heuristic, not a proof. It extracts every number and
// every capitalised word that does not start a sentence (plus all-capitals words such
// as "AWS" anywhere) and refuses those that appear in no source. It cannot see facts
// written in lower case ("your recent funding round"), numbers spelled out ("three"),
// or a made-up name that opens a sentence; it may refuse a harmless capitalised word
// (a weekday, a month), which the user can list in Allowed. Its job is to catch the
// common failure, a model naming a company, a person or a figure it was not given.
func (g Guard) Check(text string) []Violation {
	text = NormaliseLineBreaks(text)
	var out []Violation
	if n := personalize.RuneCount(text); g.MaxChars > 0 && n > g.MaxChars {
		out = append(out, Violation{RuleLength, fmt.Sprintf("it has %d characters; the limit is %d", n, g.MaxChars)})
	}
	lower := normalise(text)
	for _, p := range g.Banned {
		if p = normalise(p); p != "" && containsWord(lower, p) {
			out = append(out, Violation{RuleBanned, fmt.Sprintf("it uses the banned phrase %q", p)})
		}
	}
	out = append(out, checkForm(text)...)
	known := map[string]bool{}
	for _, s := range slices.Concat(g.Sources, g.Allowed, alwaysAllowed) {
		for _, t := range tokens(s) {
			known[t.key()] = true
		}
	}
	var invented []string
	for _, t := range tokens(text) {
		if !t.claim() || known[t.key()] || slices.Contains(invented, t.word) {
			continue
		}
		invented = append(invented, t.word)
	}
	if len(invented) > 0 {
		out = append(out, Violation{RuleInvented, fmt.Sprintf("it states %s, found in none of the fields given", quoteList(invented))})
	}
	return out
}

// normalise lower-cases s, straightens curly apostrophes and collapses white space, so
// that phrases match however they were typed.
func normalise(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	return strings.Join(strings.Fields(s), " ")
}

// containsWord reports whether phrase occurs in s with no letter or digit right before
// or after it.
func containsWord(s, phrase string) bool {
	for from := 0; from <= len(s); {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(phrase)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		from = start + 1
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// token is a word or a number of a text, with whether it opens a sentence.
type token struct {
	word          string
	sentenceStart bool
}

// key is how a token is compared with the sources: lower case, possessive dropped,
// thousands separators dropped from numbers.
func (t token) key() string {
	k := strings.ReplaceAll(strings.ToLower(t.word), "’", "'")
	k = strings.TrimSuffix(k, "'s")
	if t.hasDigit() {
		k = strings.ReplaceAll(k, ",", "")
	}
	return k
}

func (t token) hasDigit() bool { return strings.IndexFunc(t.word, unicode.IsDigit) >= 0 }

// claim reports whether the token states a fact that needs a source: a number, a
// capitalised word inside a sentence, or a word in capitals of two letters or more.
func (t token) claim() bool {
	if t.hasDigit() {
		return true
	}
	first, _ := utf8.DecodeRuneInString(t.word)
	if !unicode.IsUpper(first) {
		return false
	}
	letters, upper := 0, 0
	for _, r := range t.word {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return !t.sentenceStart || letters >= 2 && upper == letters
}

// tokens splits s into words and numbers. A word runs over letters and digits and
// joins across an apostrophe or hyphen followed by a letter; a number joins across a
// '.' or ',' between digits ("1,500", "3.5").
func tokens(s string) []token {
	var out []token
	rs := []rune(s)
	start := true // the text opens a sentence
	for i := 0; i < len(rs); {
		r := rs[i]
		if !isWordRune(r) {
			switch {
			case r == '.' || r == '!' || r == '?' || r == '\n':
				start = true
			case unicode.IsSpace(r) || unicode.IsPunct(r) && r != ',' && r != ';' && r != ':':
				// Quotes, brackets and spaces keep whatever came before.
			default:
				start = false
			}
			i++
			continue
		}
		j := wordEnd(rs, i)
		out = append(out, token{word: string(rs[i:j]), sentenceStart: start})
		start = false
		i = j
	}
	return out
}

// wordEnd returns the end of the word or number that starts at rs[i].
func wordEnd(rs []rune, i int) int {
	j := i + 1
	for ; j < len(rs); j++ {
		c, prev, next := rs[j], rs[j-1], rune(0)
		if j+1 < len(rs) {
			next = rs[j+1]
		}
		joins := isWordRune(c) ||
			(c == '\'' || c == '’' || c == '-') && unicode.IsLetter(next) ||
			(c == '.' || c == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next)
		if !joins {
			break
		}
	}
	return j
}

func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}
