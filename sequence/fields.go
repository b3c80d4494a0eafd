package sequence

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/spell"
	"gopkg.in/yaml.v3"
)

// builtInFields are the fields a template may use whatever leads are stored: the
// lead's own fields, as package engine fills them in (engine.LeadData), and
// sender_first_name, which signs the built-in sequence: the sending account's first
// name (paceline.Account.SenderName, set with accounts add --sender-name or accounts
// sign), else a lead's imported column of that name, else the template's default.
var builtInFields = [...]string{
	"first_name", "last_name", "name", "company", "title", "location", "industry",
	"department", "seniority", "email", "sender_first_name",
}

// TitleFields are the built-in fields the lead importer works out from a lead's title
// rather than reads from a column. A lead's own column of one of these names (a CSV's
// Seniority column, kept as the custom field seniority) fills the field in templates in
// place of the guess: it is what the user wrote (engine.LeadData). Scoring still uses
// the level worked out from the title.
func TitleFields() []string { return []string{"department", "seniority"} }

// BuiltInFields lists the fields templates may always use. Any other field is a custom
// field: an imported column that the lead importer kept under its snake_case name,
// known only from the stored leads (Options.CustomFields).
func BuiltInFields() []string { return slices.Clone(builtInFields[:]) }

// templateFacts lists the names {{if}} tests as facts rather than fields.
func templateFacts() []string {
	return slices.Sorted(maps.Keys(Facts{}.TemplateFacts()))
}

// CustomFields lists, in order of first use, the fields the sequence's templates insert
// or test with {{if}} that are neither built in (BuiltInFields) nor facts, then the
// NAMEs of the custom.NAME fields that ai: blocks give the model: each must be a
// custom field that stored leads carry. A caller looks only these up in its leads
// before it validates with Options.CheckFields.
func (seq *Sequence) CustomFields() []string {
	var out []string
	seq.eachText(func(_ *Step, _ textSet, _ string, t *personalize.Template) {
		for _, f := range usedNames(t) {
			if !slices.Contains(builtInFields[:], f) && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	})
	for i := range seq.Steps {
		for _, name := range aiCustomNames(seq.Steps[i].AI) {
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// aiCustomNames lists the NAMEs of the well-formed custom.NAME fields of an ai: block
// (nil a has none); a malformed one is checkAI's to refuse.
func aiCustomNames(a *AI) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, f := range a.Fields {
		if name, ok := strings.CutPrefix(f, aiCustomPrefix); ok && isAIField(f) {
			out = append(out, name)
		}
	}
	return out
}

// usedNames lists the fields t inserts and the non-fact names its {{if}}s test, which
// read a field of that name.
func usedNames(t *personalize.Template) []string {
	out, facts := t.Fields(), templateFacts()
	for _, f := range t.Facts() {
		if !slices.Contains(facts, f) && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// eachText calls fn for every template of every step, variants included, with what
// the text is ("note", "message", "email body", ...).
func (seq *Sequence) eachText(fn func(st *Step, ts textSet, what string, t *personalize.Template)) {
	for i := range seq.Steps {
		st := &seq.Steps[i]
		for _, ts := range textSets(st) {
			for _, tx := range []struct {
				what string
				t    *personalize.Template
			}{{"note", ts.note}, {textName(st.Kind, "subject"), ts.subject}, {textName(st.Kind, "body"), ts.body}} {
				if tx.t != nil {
					fn(st, ts, tx.what, tx.t)
				}
			}
		}
	}
}

// textName says which text of a step of kind k an error is about, as the decoder does.
func textName(k paceline.ActionKind, part string) string {
	if k == paceline.KindMessage && part == "body" {
		return "message"
	}
	return string(k) + " " + part
}

// fields checks that every field the step's templates use is built in or a known
// custom field. Each template is checked once, however many variants share it.
func (c *checker) fields(opts Options) {
	known := slices.Concat(builtInFields[:], opts.CustomFields)
	done := map[*personalize.Template]bool{}
	c.seq.eachText(func(st *Step, ts textSet, what string, t *personalize.Template) {
		if st.reported || done[t] {
			return
		}
		done[t] = true
		for _, f := range usedNames(t) {
			if slices.Contains(known, f) {
				continue
			}
			at, inIf, hasDefault := findField(t.String(), f)
			var b strings.Builder
			fmt.Fprintf(&b, "%s%s: unknown field %q", ts.label, what, f)
			if inIf {
				fmt.Fprintf(&b, " in {{if %s}}", f)
			}
			candidates := known
			if inIf {
				candidates = slices.Concat(templateFacts(), known)
			}
			s := suggest(f, candidates)
			if s != "" {
				fmt.Fprintf(&b, " (did you mean %s?)", s)
			}
			switch {
			case inIf:
				b.WriteString(", so the {{if}} would go the same way for every lead")
			case hasDefault:
				b.WriteString(", whose default would go to every lead")
			}
			fmt.Fprintf(&b, ": fix the name, or, if %s is a column of your lead file, import leads with that column first", f)
			if s == "" {
				fmt.Fprintf(&b, " (built-in fields: %s)", strings.Join(builtInFields[:], ", "))
			}
			c.errs = append(c.errs, &ValidationError{Line: c.textLine(st, ts, t, at), Step: st.ID, Message: b.String()})
		}
	})
	for i := range c.seq.Steps {
		c.aiFields(&c.seq.Steps[i], opts.CustomFields)
	}
}

// aiFields checks that every custom.NAME an ai: block gives the model is a custom field
// stored leads carry, as templates' fields are checked: a misspelt custom.topc would
// give the model nothing at every lead, since no lead has a topc column. The
// suggestion is what to write in fields: custom.topic for a custom field, company for
// a field the leads have built in.
func (c *checker) aiFields(st *Step, custom []string) {
	if st.reported || st.AI == nil || st.AI.reported {
		return
	}
	candidates := slices.Concat(AIFields, custom)
	for _, name := range aiCustomNames(st.AI) {
		if slices.Contains(custom, name) {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "ai fields: unknown field %q", aiCustomPrefix+name)
		s := suggest(name, candidates)
		if slices.Contains(custom, s) {
			s = aiCustomPrefix + s
		}
		if s != "" {
			fmt.Fprintf(&b, " (did you mean %s?)", s)
		}
		fmt.Fprintf(&b, ", so the model would be given nothing for it at any lead: fix the name, or, if %s is a column of your lead file, import leads with that column first", name)
		if s == "" {
			fmt.Fprintf(&b, " (fields: %s, or custom.NAME for a column the leads carry", strings.Join(AIFields, ", "))
			if len(custom) > 0 {
				fmt.Fprintf(&b, ": %s", strings.Join(custom, ", "))
			}
			b.WriteString(")")
		}
		c.errorf(st, "ai.fields", "%s", b.String())
	}
}

// textLine is the YAML line of the offset at in template t, or, for a sequence built
// in code, the line of the step's key for the text.
func (c *checker) textLine(st *Step, ts textSet, t *personalize.Template, at int) int {
	if p, ok := c.seq.texts[t]; ok {
		if !p.follows {
			return p.line
		}
		return p.line + strings.Count(t.String()[:at], "\n")
	}
	line := st.Line
	if l, ok := st.keyLines[ts.key]; ok {
		line = l
	}
	return line
}

// textPos is where a template's text sits in the YAML source.
type textPos struct {
	line    int  // line of the text's first line
	follows bool // the text's lines are the file's (block and plain scalars)
}

// positionOf says where the scalar n's text starts and whether its lines follow the
// file's: a block scalar starts on the line after its key; a quoted one may escape its
// line breaks, so all of it is reported on its first line.
func positionOf(n *yaml.Node) textPos {
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return textPos{line: n.Line + 1, follows: true}
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return textPos{line: n.Line}
	}
	return textPos{line: n.Line, follows: true}
}

// findField finds the first {{...}} in src that names field, and says whether it is an
// {{if}} and whether it has a default. at is 0 when it is not found.
func findField(src, field string) (at int, inIf, hasDefault bool) {
	for i := 0; ; {
		j := strings.Index(src[i:], "{{")
		if j < 0 {
			return 0, false, false
		}
		at, i = i+j, i+j+2
		rest := strings.TrimLeft(src[i:], " \t")
		cond := false
		if r, ok := strings.CutPrefix(rest, "if "); ok {
			cond, rest = true, strings.TrimLeft(r, " \t")
			if r, ok := strings.CutPrefix(rest, "not "); ok {
				rest = strings.TrimLeft(r, " \t")
			}
		}
		after, ok := strings.CutPrefix(rest, field)
		if !ok || after != "" && isWordByte(after[0]) {
			continue
		}
		return at, cond, strings.HasPrefix(strings.TrimLeft(after, " \t"), "|")
	}
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// suggest returns the candidate nearest to name, ignoring case, when it is close
// enough to be a likely typo: at most two edits, and at most one in three characters.
func suggest(name string, candidates []string) string {
	name = strings.ToLower(name)
	limit := max(1, min(2, utf8.RuneCountInString(name)/3))
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := spell.Distance(name, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
