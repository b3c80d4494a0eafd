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
	RulePlaceholder Rule = "placeholder" // an unfilled placeholder: {x}, {{x}}, <first name>, [Your Name]
	RuleMarkup      Rule = "markup"      // markdown emphasis, code or a heading
	RuleControl     Rule = "control"     // a control character other than a line break or a tab
	RuleMeta        Rule = "meta"        // the model talking about its text, not the text
)

var (
	// braceRE matches template syntax left unfilled: anything in braces (also spintax
	// "{Hi|Hello}"). Braces never belong in a note, so all of them are refused.
	braceRE = regexp.MustCompile(`\{\{[^{}\n]*\}\}|\{[^{}\n]*\}`)
	// bracketRE matches a short name in angle or square brackets. Only those that name a
	// field (see fieldPlaceholder) are placeholders: "[Remote] Senior Go role" and
	// "List<String>" are ordinary text.
	bracketRE = regexp.MustCompile(`<([\p{L}_][\p{L}\p{N}_ '’.\-]{0,38})>|\[([\p{L}_][\p{L}\p{N}_ '’.\-]{0,38})\]`)
	// emphasisRE matches markdown bold, italics and code: **x**, __x__, *x*, _x_, `x`.
	emphasisRE = regexp.MustCompile("\\*\\*[^*\\n]+\\*\\*|__[^_\\n]+__|(^|[\\s(])\\*[^*\\s][^*\\n]*\\*|(^|[\\s(])_[^_\\s][^_\\n]*_($|[\\s.,!?;:)])|`[^`\\n]+`")
	// blockRE matches a markdown heading or code fence at the start of a line. A "- "
	// line is an ordinary list or sign-off in an email ("Perks:\n- remote", "Cheers,\n-
	// Ann") and passes.
	blockRE = regexp.MustCompile("^\\s*(#{1,6}\\s|```)")
	// textNoun names the text itself, which the model's chatter is about.
	textNoun = `(message|note|draft|text|version|wording|tone|invitation|invite|request|email)`
	// metaRE matches a sentence in which the model speaks to the user about its text.
	// Each pattern needs the text itself as its object: "Let me know if anything
	// changes on your side" and "Feel free to change the slot" are the lead's business.
	metaRE = regexp.MustCompile(`(?i)^\W*((sure|of course|certainly|absolutely|okay|ok)\W+)?(` +
		`here(\s+is|'s|’s)\s+(a|an|the|your|my)\s+([\w-]+,?\s+){0,3}(draft|version)\b|` +
		`here(\s+is|'s|’s)\s+(a|an|the|your|my)\s+([\w-]+,?\s+){0,3}` + textNoun + `\b[^.!?]*(:|$)|` +
		`let me know if\b.*\b(chang|edit|tweak|adjust|revis|shorten|modif|rewrit)\w*\b.*\b(this|the|my|that) ` + textNoun + `\b|` +
		`let me know if\b.*\b(another|a different|a shorter|a longer|a more \w+|a less \w+) ` + textNoun + `\b|` +
		`let me know if you(\s+would|'d|’d)?\s+(like|want|need|prefer)\s+(any\s+|some\s+|more\s+)?(changes|edits|tweaks|adjustments|revisions|modifications)\s*[.!]?$|` +
		`(feel free to|you (can|may|could))\s+(adjust|edit|tweak|change|modify|shorten|rewrite)\s+(the |this |my )?(tone|wording|message|note|draft|text|template)\b|` +
		`(feel free to|you (can|may|could))\s+personali[sz]e\b|` +
		`i(\s+have|'ve|’ve)?\s+(kept|made|wrote) (it|this|the (note|message|text|draft)) (short|concise|brief|under|casual|friendly|professional|more|less)\b|` +
		`(this|the) (note|message|text|draft) (is|has|stays|keeps)\b.*\b(characters|short|concise|under|limit)` +
		`)`)
	// noteRE matches a "Note:" sentence; it is the model's remark when it closes the
	// text or speaks of the text itself.
	noteRE = regexp.MustCompile(`(?i)^\W*(p\.?s\.?\s*)?note\s*:(.*\b` + textNoun + `\b|.*\b(characters|placeholder|personali[sz]\w*|kept it)\b)?`)
)

// fieldNames are what a template names its fields, compared lower-case with '_', '-'
// and '.' read as spaces, after an owner word such as "your" or "recipient's".
var fieldNames = []string{
	"name", "first name", "firstname", "last name", "lastname", "full name", "surname",
	"company", "company name", "companyname", "organisation", "organization", "employer",
	"title", "job title", "role", "position", "industry", "city", "location", "country",
	"email", "phone", "phone number", "website", "url", "link", "calendar link",
	"signature", "sender", "recipient", "prospect", "contact", "date", "day", "time",
	"school", "university", "product", "topic", "mutual connection", "pain point",
}

// fieldOwners may precede a field name: "[Your Name]", "<recipient's company>".
var fieldOwners = []string{"your", "my", "their", "his", "her", "the", "insert", "lead", "recipient", "prospect", "contact", "sender", "candidate", "client", "customer"}

// fieldPlaceholder reports whether the bracketed name s is a template field.
func fieldPlaceholder(s string) bool {
	s = strings.NewReplacer("_", " ", "-", " ", ".", " ", "’", "'").Replace(strings.ToLower(s))
	words := strings.Fields(s)
	for len(words) > 1 && slices.Contains(fieldOwners, strings.TrimSuffix(words[0], "'s")) {
		words = words[1:]
	}
	return slices.Contains(fieldNames, strings.Join(words, " "))
}

// placeholders returns the unfilled placeholders in text, in order.
func placeholders(text string) []string {
	var out []string
	for _, m := range braceRE.FindAllStringIndex(text, -1) {
		out = append(out, text[m[0]:m[1]])
	}
	for _, m := range bracketRE.FindAllStringSubmatch(text, -1) {
		if fieldPlaceholder(m[1] + m[2]) {
			out = append(out, m[0])
		}
	}
	return out
}

// NormaliseLineBreaks turns CRLF and lone CR line breaks into "\n". Browsers send a
// textarea's line breaks as CRLF; stored and sent texts use "\n" only.
func NormaliseLineBreaks(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// checkForm returns the form guardrails text breaks.
func checkForm(text string) []Violation {
	var out []Violation
	if ps := placeholders(text); len(ps) > 0 {
		out = append(out, Violation{RulePlaceholder, fmt.Sprintf("it holds the unfilled placeholder %s; write the lead's own words instead", quoteList(uniq(ps)))})
	}
	if m := markup(text); m != "" {
		out = append(out, Violation{RuleMarkup, fmt.Sprintf("it uses markdown (%q); write plain text, which LinkedIn shows as typed", m)})
	}
	if i := strings.IndexFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }); i >= 0 {
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
// user about its text ("Note: I kept it short.", "Let me know if you want changes.",
// "Here is a draft:"), "" when there is none. A call to action to the lead ("Let me
// know if you are free on Tuesday") is not one, nor a "Note:" inside the text that does
// not speak of the text: only the last line's is the model's.
func metaSentence(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, line := range lines {
		for _, s := range sentences(line) {
			if m := noteRE.FindStringSubmatch(s); m != nil && (i == len(lines)-1 || m[2] != "") {
				return s
			}
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
