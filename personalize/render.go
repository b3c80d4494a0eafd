package personalize

import (
	"strings"
	"unicode/utf8"
)

// Data is everything a template can see: flat text fields of the lead, the account and
// the campaign (first_name, company, sender_first_name, ...) and boolean lead facts
// (open_profile, has_email, ...). Nothing else is reachable from a template.
type Data struct {
	Fields map[string]string
	Facts  map[string]bool
}

// Render renders t for one lead. The seed picks the spintax options: the same seed
// always gives the same text (see Seed). A field that is missing or blank and has no
// default yields a *MissingFieldError naming it; fields in options or branches that are
// not rendered are not required.
func Render(t *Template, d Data, seed uint64) (string, error) {
	var b strings.Builder
	if err := renderNodes(&b, t.nodes, d, seed); err != nil {
		return "", err
	}
	return tidy(b.String()), nil
}

func renderNodes(b *strings.Builder, nodes []node, d Data, seed uint64) error {
	for _, n := range nodes {
		switch n := n.(type) {
		case text:
			b.WriteString(n.s)
		case field:
			v := d.Fields[n.name]
			if strings.TrimSpace(v) == "" {
				if !n.hasDef {
					return &MissingFieldError{Field: n.name}
				}
				v = n.def
			}
			b.WriteString(v)
		case spin:
			pick := mix(seed, n.id) % uint64(len(n.options))
			if err := renderNodes(b, n.options[pick], d, seed); err != nil {
				return err
			}
		case cond:
			branch := n.els
			if d.holds(n.fact) != n.not {
				branch = n.then
			}
			if err := renderNodes(b, branch, d, seed); err != nil {
				return err
			}
		}
	}
	return nil
}

// holds tests a fact: the boolean fact when there is one, else whether the field of
// that name has a non-blank value.
func (d Data) holds(name string) bool {
	if v, ok := d.Facts[name]; ok {
		return v
	}
	return strings.TrimSpace(d.Fields[name]) != ""
}

// tidy collapses the whitespace that empty fields and conditionals leave behind: runs of
// spaces and tabs become one space, lines lose leading and trailing spaces, at most one
// blank line separates paragraphs, and the whole text is trimmed.
func tidy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space, newlines := false, 0
	for _, r := range strings.TrimSpace(s) {
		switch r {
		case ' ', '\t':
			space = true
		case '\n':
			space = false
			newlines++
		case '\r':
		default:
			if newlines > 0 {
				b.WriteString("\n\n"[:min(newlines, 2)])
			} else if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space, newlines = false, 0
			b.WriteRune(r)
		}
	}
	return b.String()
}

// RuneCount is the length of a text in characters (Unicode code points), the unit in
// which paceline checks note and message limits.
func RuneCount(s string) int { return utf8.RuneCountInString(s) }

// LiteralRunes is the length in characters of the longest variant of t counting only
// its literal text (and whitespace runs as one character): a lower bound of the longest
// rendering, known before any lead is at hand. A note whose literal text alone is over
// the limit can be rejected at validation time.
func (t *Template) LiteralRunes() int {
	n, _ := literalRunes(t.nodes, true)
	return n
}

// literalRunes counts the literal text of the longest variant of nodes. atStart says
// that nothing renders before them, where tidy drops leading space; it returns whether
// that still holds after them.
func literalRunes(nodes []node, atStart bool) (int, bool) {
	n := 0
	for _, nd := range nodes {
		switch nd := nd.(type) {
		case text:
			body := tidy(nd.s)
			if body == "" {
				continue
			}
			n += RuneCount(body)
			if isSpace(nd.s[0]) && !atStart {
				n++ // the space before the text stays between words
			}
			atStart = false
		case field:
			// A field renders at least one character unless its default is empty.
			if !nd.hasDef || nd.def != "" {
				atStart = false
			}
		case spin:
			longest, allStart := 0, true
			for _, o := range nd.options {
				l, s := literalRunes(o, atStart)
				longest = max(longest, l)
				allStart = allStart && s
			}
			n, atStart = n+longest, allStart
		case cond:
			a, sa := literalRunes(nd.then, atStart)
			b, sb := literalRunes(nd.els, atStart)
			n, atStart = n+max(a, b), sa && sb
		}
	}
	return n, atStart
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }
