package aiwrite

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// The form guardrails: what a model writes around or instead of a finished text.
// A lead must never receive "Hi {{first_name}}", "**Hi Zoe**" or "Note: I kept it
// short.", so such answers are refused like invented facts, and the step falls back to
// its template.
const (
	RulePlaceholder Rule = "placeholder" // an unfilled placeholder: {x}, {{x}}, <x>, [x]
	RuleMarkup      Rule = "markup"      // markdown emphasis, a heading or a bullet
	RuleControl     Rule = "control"     // a control character other than a line break
	RuleMeta        Rule = "meta"        // the model talking about its text, not the text
)

var (
	// placeholderRE matches template syntax left unfilled: anything in braces (also
	// spintax "{Hi|Hello}"), and short bracketed names such as "<first name>" or
	// "[Your Name]". Brackets around a number or a sentence are not names and pass.
	placeholderRE = regexp.MustCompile(`\{\{[^{}\n]*\}\}|\{[^{}\n]*\}|<[\p{L}_][\p{L}\p{N}_ .\-]{0,38}>|\[[\p{L}_][\p{L}\p{N}_ .\-]{0,38}\]`)
	// emphasisRE matches markdown bold, italics and code: **x**, __x__, *x*, _x_, `x`.
	emphasisRE = regexp.MustCompile("\\*\\*[^*\\n]+\\*\\*|__[^_\\n]+__|(^|[\\s(])\\*[^*\\s][^*\\n]*\\*|(^|[\\s(])_[^_\\s][^_\\n]*_($|[\\s.,!?;:)])|`[^`\\n]+`")
	// blockRE matches a markdown heading or bullet at the start of a line.
	blockRE = regexp.MustCompile(`^\s*(#{1,6}\s|[-*+•]\s)`)
	// metaRE matches a sentence in which the model speaks to the user about its text.
	metaRE = regexp.MustCompile(`(?i)^\W*(` +
		`(p\.?s\.?\s*)?note\s*:|` +
		`here(\s+is|'s|’s)\b.*\b(draft|version|note|message|text|option|request|invitation|invite|personali[sz]ed)\b|` +
		`let me know if\b.*\b(change|edit|adjust|tweak|revis|version|shorter|longer|tone|different|alternative|modif)|` +
		`(feel free to|you (can|may) (adjust|edit|tweak|change))\b.*\b(adjust|edit|tweak|change|personali[sz]e)|` +
		`i(\s+have|'ve|’ve)?\s+(kept|made|wrote) (it|this|the (note|message|text|draft)) (short|concise|brief|under|casual|friendly|professional|more|less)\b|` +
		`(this|the) (note|message|text|draft) (is|has|stays|keeps)\b.*\b(characters|short|concise|under|limit)` +
		`)`)
)

// checkForm returns the form guardrails text breaks.
func checkForm(text string) []Violation {
	var out []Violation
	if ps := placeholderRE.FindAllString(text, -1); len(ps) > 0 {
		out = append(out, Violation{RulePlaceholder, fmt.Sprintf("it holds the unfilled placeholder %s; write the lead's own words instead", quoteList(uniq(ps)))})
	}
	if m := markup(text); m != "" {
		out = append(out, Violation{RuleMarkup, fmt.Sprintf("it uses markdown (%q); write plain text, which LinkedIn shows as typed", m)})
	}
	if i := strings.IndexFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }); i >= 0 {
		out = append(out, Violation{RuleControl, fmt.Sprintf("it holds the control character %U; write plain text only", []rune(text[i:])[0])})
	}
	if s := metaSentence(text); s != "" {
		out = append(out, Violation{RuleMeta, fmt.Sprintf("it talks about the text (%q); write only the text the lead will read", s)})
	}
	return out
}

// markup returns the first markdown construct in text, "" when there is none.
func markup(text string) string {
	for _, line := range strings.Split(text, "\n") {
		if m := blockRE.FindString(line); m != "" {
			return strings.TrimSpace(line)
		}
	}
	if m := emphasisRE.FindString(text); m != "" {
		return strings.TrimSpace(m)
	}
	return ""
}

// metaSentence returns the first line or sentence in which the model addresses the
// user ("Note: I kept it short.", "Let me know if you want changes.", "Here is a
// draft:"), "" when there is none. A call to action to the lead ("Let me know if you
// are free on Tuesday") is not one.
func metaSentence(text string) string {
	for _, line := range strings.Split(text, "\n") {
		for _, s := range sentences(line) {
			if metaRE.MatchString(s) {
				return s
			}
		}
	}
	return ""
}

// sentences splits a line after '.', '!' and '?' followed by a space.
func sentences(line string) []string {
	var out []string
	rs := []rune(line)
	start := 0
	for i, r := range rs {
		if (r == '.' || r == '!' || r == '?') && i+1 < len(rs) && unicode.IsSpace(rs[i+1]) {
			out = append(out, strings.TrimSpace(string(rs[start:i+1])))
			start = i + 1
		}
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

func uniq(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
