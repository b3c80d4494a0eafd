package sequence

import (
	"fmt"
	"strings"
)

// yamlMistakes looks through a file YAML could not read for the mistakes people make
// most often when writing a sequence by hand, each on the line it is really on (the YAML
// reader reports the line where the enclosing mapping starts, or the line before a tab)
// and with how to fix it: a tab in an indentation, a quote inside a quoted text that
// ends it early, and a key indented under a key whose value is already given. It finds
// nothing in a file whose mistake is another one.
func yamlMistakes(src []byte) ValidationErrors {
	var (
		errs  ValidationErrors
		sc    lineScanner
		prev  keyLine // the last line that gave a key a single value, or none
		lines = strings.Split(string(src), "\n")
	)
	for i, l := range lines {
		n := i + 1
		l = strings.TrimSuffix(l, "\r")
		if sc.blockIndent >= 0 {
			// Inside a | or > text, a line more indented than its key is text.
			if strings.TrimSpace(l) == "" || indentOf(l) > sc.blockIndent {
				continue
			}
			sc.blockIndent = -1
		}
		rest := strings.TrimLeft(l, " \t")
		if sc.quote == 0 && rest != "" && rest[0] != '#' && strings.ContainsRune(l[:len(l)-len(rest)], '\t') {
			errs = append(errs, &ValidationError{Line: n, Message: "YAML forbids tabs for indentation: use spaces"})
		}
		wasQuoted, flow := sc.quote != 0, sc.flow
		kl, msg := sc.line(l)
		if msg != "" {
			errs = append(errs, &ValidationError{Line: n, Message: msg})
		}
		if rest == "" || rest[0] == '#' || wasQuoted || flow > 0 {
			continue
		}
		tabbed := strings.ContainsRune(l[:len(l)-len(rest)], '\t')
		if kl.key != "" && prev.key != "" && kl.column > prev.column && !tabbed {
			errs = append(errs, &ValidationError{Line: n, Message: fmt.Sprintf(
				"%s: is indented more than %s: on line %d, so YAML reads it as part of %s's value; line it up with %s: (or, if it belongs to the step, with the step's other keys)",
				kl.key, prev.key, prev.line, prev.key, prev.key)})
		}
		prev = keyLine{}
		if kl.key != "" && kl.scalar && sc.quote == 0 && sc.flow == 0 && !tabbed {
			prev = kl
			prev.line = n
		}
	}
	return errs
}

// keyLine is what lineScanner.line learns of a line's last key.
type keyLine struct {
	key    string
	column int  // the column the key starts at, after any "- "
	scalar bool // the key's value is a single value on the same line
	line   int
}

// lineScanner reads YAML a line at a time just far enough to find where quoted texts
// and | or > texts begin and end and which key a value belongs to.
type lineScanner struct {
	quote       byte   // the quote of a text that goes on to the next line, or 0
	quoteKey    string // that text's key
	flow        int    // how many { or [ are open
	blockIndent int    // the indentation of the key of the | or > text being read, or -1
	started     bool
}

func indentOf(l string) int {
	return len(l) - len(strings.TrimLeft(l, " "))
}

// line scans one line, returning its last key and why a quoted text on it is broken.
func (sc *lineScanner) line(l string) (kl keyLine, problem string) {
	if !sc.started {
		sc.started, sc.blockIndent = true, -1
	}
	i, tokStart, word, wordAt, textKey := 0, true, "", -1, ""
	valueAt := -1 // where the value of the line's key starts
	if sc.quote != 0 {
		end, ok := closeQuote(l, 0, sc.quote)
		if !ok {
			return kl, ""
		}
		if p := afterQuote(l, end, sc.flow > 0); p != "" {
			q := sc.quote
			sc.quote, sc.flow = 0, 0
			return kl, quoteProblem(q, sc.quoteKey, "")
		}
		sc.quote, i, tokStart = 0, end+1, false
	}
	for i < len(l) {
		c := l[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
			return kl, ""
		case tokStart && (c == '"' || c == '\''):
			end, ok := closeQuote(l, i+1, c)
			if !ok {
				sc.quote, sc.quoteKey = c, textKey
				return kl, ""
			}
			if afterQuote(l, end, sc.flow > 0) != "" {
				sc.flow = 0 // the line is broken; read the next one afresh
				return kl, quoteProblem(c, textKey, l[i:])
			}
			kl.scalar = kl.key != ""
			i, tokStart = end+1, false
			continue
		case tokStart && c == '-' && (i+1 == len(l) || l[i+1] == ' '):
			i++
			continue
		case c == ':' && (i+1 == len(l) || l[i+1] == ' ' || sc.flow > 0 && strings.IndexByte(",}]", l[i+1]) >= 0):
			if sc.flow == 0 && kl.key != "" && valueAt >= 0 && strings.TrimSpace(word) != "" {
				return kl, colonProblem(kl.key, l[valueAt:])
			}
			textKey = strings.TrimSpace(word)
			if sc.flow == 0 {
				kl = keyLine{key: textKey, column: wordAt}
				valueAt = i + 1
			}
			word, wordAt, tokStart = "", -1, true
			i++
			continue
		case tokStart && (c == '{' || c == '['):
			sc.flow++
			kl.scalar = false
			i++
			continue
		case sc.flow > 0 && c == ',':
			tokStart = true
			i++
			continue
		case sc.flow > 0 && (c == '}' || c == ']'):
			sc.flow--
			tokStart = false
			i++
			continue
		case tokStart && sc.flow == 0 && (c == '|' || c == '>'):
			sc.blockIndent = indentOf(l)
			kl.scalar = false
			return kl, ""
		}
		if tokStart {
			word, wordAt = "", i
			kl.scalar = kl.key != ""
		}
		word += string(c)
		tokStart = false
		i++
	}
	return kl, ""
}

// colonProblem says that a text written without quotes holds ": ", which YAML reads as
// the start of a key inside the value, as in body: Quick question: are you free?
func colonProblem(key, value string) string {
	value = strings.TrimSpace(value)
	if i := strings.Index(value, " #"); i >= 0 {
		value = strings.TrimSpace(value[:i])
	}
	var fix string
	switch {
	case !strings.Contains(value, "'"):
		fix = "'" + value + "'"
	case !strings.ContainsAny(value, `"\`):
		fix = `"` + value + `"`
	default:
		fix = "'" + escapeQuotes(value, '\'') + "'"
	}
	return fmt.Sprintf("the text of %s: holds \": \", which YAML reads as the start of another key; put the text in quotes (%s: %s)", key, key, fix)
}

// closeQuote returns the index of the quote that closes a text opened by q, reading
// from start: \" is a quote inside "...", and ” one inside '...'.
func closeQuote(l string, start int, q byte) (int, bool) {
	for j := start; j < len(l); j++ {
		switch {
		case q == '"' && l[j] == '\\':
			j++
		case l[j] == q && q == '\'' && j+1 < len(l) && l[j+1] == '\'':
			j++
		case l[j] == q:
			return j, true
		}
	}
	return 0, false
}

// afterQuote returns what follows a closing quote when it cannot follow one: anything
// but spaces, a comment, a ':' (the text was a key) or, inside { } or [ ], ',', '}' or
// ']'.
func afterQuote(l string, end int, flow bool) string {
	rest := l[end+1:]
	trimmed := strings.TrimLeft(rest, " \t")
	switch {
	case trimmed == "", trimmed[0] == ':':
		return ""
	case trimmed[0] == '#' && len(trimmed) < len(rest):
		return ""
	case flow && strings.IndexByte(",}]", trimmed[0]) >= 0:
		return ""
	}
	return trimmed
}

// quoteProblem says that a quote inside a quoted text ends it, with the text rewritten
// the way YAML reads it as meant when text (from its opening quote) is known.
func quoteProblem(q byte, key, text string) string {
	what := "the text"
	if key != "" {
		what = "the text of " + key + ":"
	}
	other, escaped := `'`, `\"`
	if q == '\'' {
		other, escaped = `"`, `''`
	}
	head := fmt.Sprintf("%s has a %c inside %c...%c, which ends it early", what, q, q, q)
	requote := fmt.Sprintf("put the text in %s quotes", quoteName(other))
	escape := fmt.Sprintf("write each %c inside it as %s", q, escaped)
	last := strings.LastIndexByte(text, q)
	if last <= 0 {
		return head + "; " + requote + ", or " + escape
	}
	prefix := ""
	if key != "" {
		prefix = key + ": "
	}
	inner := text[1:last]
	if !strings.Contains(inner, other) && !strings.Contains(inner, `\`) {
		return fmt.Sprintf("%s; %s (%s%s%s%s), or %s", head, requote, prefix, other, inner, other, escape)
	}
	return fmt.Sprintf("%s; %s (%s%c%s%c)", head, escape, prefix, q, escapeQuotes(inner, q), q)
}

// escapeQuotes escapes each quote q of inner that is not escaped yet: \" inside "...",
// ” inside '...'.
func escapeQuotes(inner string, q byte) string {
	var b strings.Builder
	for j := 0; j < len(inner); j++ {
		c := inner[j]
		switch {
		case q == '"' && c == '\\' && j+1 < len(inner):
			b.WriteString(inner[j : j+2])
			j++
		case q == '\'' && c == q && j+1 < len(inner) && inner[j+1] == q:
			b.WriteString("''")
			j++
		case c == q && q == '"':
			b.WriteString(`\"`)
		case c == q:
			b.WriteString("''")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func quoteName(q string) string {
	if q == `'` {
		return "single"
	}
	return "double"
}
