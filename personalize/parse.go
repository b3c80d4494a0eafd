package personalize

import (
	"fmt"
	"slices"
	"strings"
)

// Parse reads a template. Errors are *SyntaxError values that give the position and say
// what is wrong: unbalanced braces, an unknown filter, an empty field name, an {{if}}
// without {{end}}, or anything that looks like a function call.
func Parse(src string) (*Template, error) {
	p := &parser{src: src}
	nodes, stop, err := p.seq(levelTop, false)
	if err != nil {
		return nil, err
	}
	if stop.kind != stopEOF {
		// seq at the top level only returns at the end of input or with an error.
		return nil, newSyntaxError(src, stop.at, "unexpected %s", stop.kind)
	}
	return &Template{src: src, nodes: nodes, fields: p.fields}, nil
}

type parser struct {
	src    string
	pos    int
	spins  uint64
	fields []string
}

// level says which construct a sequence of nodes sits in; it decides what '|', '}',
// {{else}} and {{end}} mean there.
type level int

const (
	levelTop level = iota
	levelSpin
	levelIf
)

type stopKind int

const (
	stopEOF   stopKind = iota
	stopBar            // '|' between spin options
	stopClose          // '}' closing a spin group
	stopElse           // {{else}}
	stopEnd            // {{end}}
)

func (k stopKind) String() string {
	return [...]string{"end of text", "'|'", "'}'", "{{else}}", "{{end}}"}[k]
}

type stop struct {
	kind stopKind
	at   int
}

// seq parses nodes until something ends the current level. underSpin is set inside an
// {{if}} that sits in a spin option, where '|' and '}' would cut across the {{if}}.
func (p *parser) seq(lvl level, underSpin bool) ([]node, stop, error) {
	var nodes []node
	var buf strings.Builder
	flush := func() {
		if buf.Len() > 0 {
			nodes = append(nodes, text{s: buf.String()})
			buf.Reset()
		}
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.src) && strings.IndexByte(`{}|\`, p.src[p.pos+1]) >= 0:
			buf.WriteByte(p.src[p.pos+1])
			p.pos += 2
		case strings.HasPrefix(p.src[p.pos:], "{{"):
			flush()
			n, st, err := p.action(lvl, underSpin)
			if err != nil {
				return nil, stop{}, err
			}
			if st != nil {
				return nodes, *st, nil
			}
			nodes = append(nodes, n)
		case c == '{':
			flush()
			n, err := p.spinGroup()
			if err != nil {
				return nil, stop{}, err
			}
			nodes = append(nodes, n)
		case c == '}' || c == '|':
			at := p.pos
			if lvl == levelSpin {
				p.pos++
				flush()
				if c == '|' {
					return nodes, stop{stopBar, at}, nil
				}
				return nodes, stop{stopClose, at}, nil
			}
			if underSpin {
				return nil, stop{}, newSyntaxError(p.src, at, "'%c' inside an {{if}} cuts across the spin group around it; close the {{if}} with {{end}} first (or write \\%c for a literal one)", c, c)
			}
			if c == '}' {
				return nil, stop{}, newSyntaxError(p.src, at, "unbalanced braces: this '}' closes nothing (write \\} for a literal brace)")
			}
			buf.WriteByte(c)
			p.pos++
		default:
			buf.WriteByte(c)
			p.pos++
		}
	}
	flush()
	return nodes, stop{stopEOF, p.pos}, nil
}

// spinGroup parses "{a|b|c}" starting at the '{'.
func (p *parser) spinGroup() (node, error) {
	open := p.pos
	p.pos++
	g := spin{id: p.spins}
	p.spins++
	for {
		opt, st, err := p.seq(levelSpin, false)
		if err != nil {
			return nil, err
		}
		g.options = append(g.options, opt)
		switch st.kind {
		case stopBar:
			continue
		case stopClose:
			if len(g.options) < 2 {
				return nil, newSyntaxError(p.src, open, "a spin group needs two or more options separated by '|', like {Hi|Hello} (write \\{ and \\} for literal braces)")
			}
			return g, nil
		case stopEOF:
			return nil, newSyntaxError(p.src, open, "unbalanced braces: this '{' opens a spin group that is never closed with '}' (write \\{ for a literal brace)")
		default:
			return nil, newSyntaxError(p.src, st.at, "%s inside the spin group opened at column %d; close the group with '}' first", st.kind, p.column(open))
		}
	}
}

func (p *parser) column(offset int) int {
	_, col := position(p.src, offset)
	return col
}

// action parses "{{...}}" starting at the "{{". It returns a node, or a stop for
// {{else}} and {{end}} that end the {{if}} being parsed.
func (p *parser) action(lvl level, underSpin bool) (node, *stop, error) {
	start := p.pos
	end, err := p.actionEnd(start)
	if err != nil {
		return nil, nil, err
	}
	inner := strings.TrimSpace(p.src[start+2 : end])
	p.pos = end + 2
	word, rest, _ := strings.Cut(inner, " ")
	rest = strings.TrimSpace(rest)
	switch word {
	case "":
		return nil, nil, newSyntaxError(p.src, start, "empty field name in {{ }}; write a field such as {{first_name}}")
	case "else", "end":
		if rest != "" {
			return nil, nil, newSyntaxError(p.src, start, "{{%s}} takes nothing after it (for 'else if', nest an {{if}} inside {{else}})", word)
		}
		kind := stopEnd
		if word == "else" {
			kind = stopElse
		}
		if lvl != levelIf {
			if lvl == levelSpin {
				return nil, nil, newSyntaxError(p.src, start, "{{%s}} inside a spin group; close the group with '}' before it", word)
			}
			return nil, nil, newSyntaxError(p.src, start, "{{%s}} without an {{if}} before it", word)
		}
		return nil, &stop{kind, start}, nil
	case "if":
		return p.conditional(start, rest, underSpin || lvl == levelSpin)
	}
	name, filter, hasFilter := strings.Cut(inner, "|")
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, nil, newSyntaxError(p.src, start, "empty field name before '|'; write {{field | default: \"...\"}}")
	}
	if msg := checkName(name); msg != "" {
		return nil, nil, newSyntaxError(p.src, start, "%s", msg)
	}
	f := field{name: name}
	if hasFilter {
		f.def, err = p.defaultFilter(start, filter)
		if err != nil {
			return nil, nil, err
		}
		f.hasDef = true
	}
	if !slices.Contains(p.fields, name) {
		p.fields = append(p.fields, name)
	}
	return f, nil, nil
}

// actionEnd finds the "}}" closing the action that starts at start. Quotes are tracked
// after a ':' so that a default text may contain braces.
func (p *parser) actionEnd(start int) (int, error) {
	var quote byte
	filter := false
	for i := start + 2; i < len(p.src); i++ {
		c := p.src[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case filter && (c == '"' || c == '\''):
			quote = c
		case c == ':':
			filter = true
		case strings.HasPrefix(p.src[i:], "}}"):
			return i, nil
		case strings.HasPrefix(p.src[i:], "{{"):
			return 0, newSyntaxError(p.src, start, "unbalanced braces: '{{' is not closed with '}}' before the next '{{' at column %d", p.column(i))
		}
	}
	return 0, newSyntaxError(p.src, start, "unbalanced braces: '{{' is never closed with '}}'")
}

// conditional parses the rest of an {{if}} whose tag has been read.
func (p *parser) conditional(start int, rest string, underSpin bool) (node, *stop, error) {
	c := cond{}
	if f, ok := strings.CutPrefix(rest, "not "); ok {
		c.not, rest = true, strings.TrimSpace(f)
	}
	if rest == "" {
		return nil, nil, newSyntaxError(p.src, start, "{{if}} needs a fact to test, such as {{if open_profile}} or {{if not has_email}}")
	}
	if msg := checkName(rest); msg != "" {
		return nil, nil, newSyntaxError(p.src, start, "{{if}} tests one fact: %s", msg)
	}
	c.fact = rest
	var st stop
	var err error
	c.then, st, err = p.seq(levelIf, underSpin)
	if err != nil {
		return nil, nil, err
	}
	if st.kind == stopElse {
		c.els, st, err = p.seq(levelIf, underSpin)
		if err != nil {
			return nil, nil, err
		}
		if st.kind == stopElse {
			return nil, nil, newSyntaxError(p.src, st.at, "a second {{else}} in the {{if}} at column %d", p.column(start))
		}
	}
	if st.kind != stopEnd {
		return nil, nil, newSyntaxError(p.src, start, "unterminated {{if %s}}: close it with {{end}}", rest)
	}
	return c, nil, nil
}

// defaultFilter parses `default: "text"` after the '|'.
func (p *parser) defaultFilter(start int, s string) (string, error) {
	name, arg, _ := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	switch name {
	case "default":
	case "":
		return "", newSyntaxError(p.src, start, "'|' needs a filter after it, such as | default: \"there\"")
	default:
		return "", newSyntaxError(p.src, start, "unknown filter %q (the only filter is default: \"text\")", name)
	}
	arg = strings.TrimSpace(arg)
	val, rest, ok := unquote(arg)
	if !ok {
		return "", newSyntaxError(p.src, start, "default needs a quoted text, such as default: \"there\"")
	}
	if strings.TrimSpace(rest) != "" {
		return "", newSyntaxError(p.src, start, "unexpected %q after the default text", strings.TrimSpace(rest))
	}
	return val, nil
}

// unquote reads a "double" or 'single' quoted text with backslash escapes for the quote
// and the backslash, and returns what follows it.
func unquote(s string) (val, rest string, ok bool) {
	if s == "" || (s[0] != '"' && s[0] != '\'') {
		return "", "", false
	}
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == q:
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}

// checkName returns why name is not a plain field or fact name, or "" when it is one.
func checkName(name string) string {
	first := name
	if i := strings.IndexAny(name, " \t\n(),"); i >= 0 {
		first = name[:i]
	}
	switch {
	case first == "":
		return fmt.Sprintf("%q is not a field name (use letters, digits and _, such as first_name)", name)
	case first[0] == '.' || first[0] == '$':
		return fmt.Sprintf("%q is Go template syntax, which templates do not run; write a plain field name such as {{first_name}}", first)
	case isReserved(first):
		return fmt.Sprintf("%q is a template function or keyword, not a field: templates can only insert lead, account and campaign fields", first)
	case first != name:
		return fmt.Sprintf("%q is not one field name: templates cannot call functions or pass arguments; write {{field}} or {{field | default: \"...\"}}", name)
	}
	for i, r := range name {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return fmt.Sprintf("%q is not a field name (use letters, digits and _, such as first_name)", name)
		}
	}
	return ""
}

// isReserved reports the words of Go's text/template and its kin. They are refused
// rather than read as field names so nobody mistakes them for working functions.
func isReserved(name string) bool {
	switch name {
	case "and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index", "slice",
		"call", "print", "printf", "println", "html", "js", "urlquery", "range", "with",
		"define", "template", "block", "break", "continue", "nil", "true", "false", "if",
		"else", "end", "include", "default":
		return true
	}
	return false
}
