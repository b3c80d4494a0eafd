package sequence

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"gopkg.in/yaml.v3"
)

// MaxNoteChars is the longest invite note any LinkedIn account may send. Parse checks
// notes against it; Validate with the account type's own limit (200 on free accounts).
const MaxNoteChars = 300

// Parse reads a sequence from YAML and validates it (see Validate; notes are checked
// against MaxNoteChars). On error it returns ValidationErrors with every problem found,
// each naming its line and step.
func Parse(src []byte) (*Sequence, error) {
	d := &decoder{}
	seq := d.document(src)
	errs := d.errs
	if seq != nil {
		errs = append(errs, check(seq, Options{NoteMaxChars: MaxNoteChars})...)
	}
	if len(errs) > 0 {
		return nil, errs.sorted()
	}
	return seq, nil
}

type decoder struct {
	errs  ValidationErrors
	texts map[*personalize.Template]textPos // where each text is, for Validate's errors
}

func (d *decoder) errorf(line int, step, format string, args ...any) {
	d.errs = append(d.errs, &ValidationError{Line: line, Step: step, Message: fmt.Sprintf(format, args...)})
}

var (
	yamlLine = regexp.MustCompile(`line (\d+): `)
	// braceValue matches "key: {" where the value is a template rather than a flow
	// mapping: it holds '{{' or '|' and no "word: " inside.
	braceValue = regexp.MustCompile(`^\s*(?:-\s+)?([A-Za-z_]+):\s+(\{.*)$`)
	flowKey    = regexp.MustCompile(`[A-Za-z_]+:\s`)
)

// unquotedTemplate finds the first line whose value is an unquoted template that starts
// with '{', such as message: {Hi|Hello} {{first_name}}.
func unquotedTemplate(src []byte) (line int, key string, ok bool) {
	for i, l := range strings.Split(string(src), "\n") {
		m := braceValue.FindStringSubmatch(l)
		if m != nil && (strings.Contains(m[2], "{{") || strings.Contains(m[2], "|")) && !flowKey.MatchString(m[2]) {
			return i + 1, m[1], true
		}
	}
	return 0, "", false
}

// document decodes the whole file; it returns nil when the YAML itself is unreadable.
func (d *decoder) document(src []byte) *Sequence {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		line, msg := 0, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.Replace(msg, m[0], "", 1)
		}
		// YAML reports some mistakes on another line than theirs (the line its mapping
		// starts on, the line before a tab) and says nothing of the fix; say what is
		// really wrong where it is when it is a mistake people often make.
		mistakes := yamlMistakes(src)
		if l, key, ok := unquotedTemplate(src); ok {
			// YAML reads a value starting with '{' as a mapping.
			mistakes = append(mistakes, &ValidationError{Line: l, Message: fmt.Sprintf("the text of %s: starts with '{', which YAML reads as a mapping; put the text in quotes", key)})
		}
		if len(mistakes) > 0 {
			d.errs = append(d.errs, mistakes.sorted()...)
			return nil
		}
		d.errorf(line, "", "the file is not valid YAML: %s", msg)
		return nil
	}
	if len(root.Content) == 0 {
		d.errorf(1, "", "the file is empty; a sequence has a name: and a list of steps:")
		return nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		d.errorf(doc.Line, "", "a sequence is a mapping with name: and steps:, not a %s", kindName(doc))
		return nil
	}
	seq := &Sequence{
		StopOn:         []paceline.EventKind{paceline.EventReplied, paceline.EventOptedOut},
		MinAfterAccept: DefaultMinAfterAccept,
		index:          map[string]int{},
		keyLines:       map[string]int{"": doc.Line},
	}
	d.mapping(doc, "", func(key, val *yaml.Node) {
		seq.keyLines[key.Value] = key.Line
		switch key.Value {
		case "name":
			seq.Name, _ = d.scalar(val, "", "name")
		case "description":
			d.scalar(val, "", "description")
		case "stop_on":
			seq.StopOn = d.events(val)
		case "min_after_accept":
			if s, ok := d.scalar(val, "", "min_after_accept"); ok {
				span, err := parseOneSpan(s, "min_after_accept", gapExamples)
				if err != nil {
					d.errorf(val.Line, "", "min_after_accept: %v", err)
				}
				seq.MinAfterAccept = span
			}
		case "steps":
			if val.Kind != yaml.SequenceNode {
				d.errorf(val.Line, "", "steps: should be a list of steps, each starting with '- id:'")
				return
			}
			for _, n := range val.Content {
				seq.Steps = append(seq.Steps, d.step(n))
			}
		default:
			d.errorf(key.Line, "", "unknown key %q (a sequence has name, description, steps, stop_on and min_after_accept)", key.Value)
		}
	})
	seq.texts = d.texts
	for i, st := range seq.Steps {
		if _, dup := seq.index[st.ID]; !dup && st.ID != "" {
			seq.index[st.ID] = i
		}
	}
	return seq
}

// mapping calls fn for each key of a mapping node, reporting duplicate keys.
func (d *decoder) mapping(n *yaml.Node, step string, fn func(key, val *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if line, dup := seen[key.Value]; dup {
			d.errorf(key.Line, step, "key %q appears twice (first on line %d)", key.Value, line)
			continue
		}
		seen[key.Value] = key.Line
		fn(key, val)
	}
}

func (d *decoder) scalar(n *yaml.Node, step, key string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n.Line, step, "%s: should be a single value, not a %s", key, kindName(n))
		return "", false
	}
	return n.Value, true
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "single value"
}

// isEmpty reports a key given no value or {}, as in "visit:" or "visit: {}".
func isEmpty(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" || n.Kind == yaml.MappingNode && len(n.Content) == 0
}

func (d *decoder) events(n *yaml.Node) []paceline.EventKind {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []paceline.EventKind
	for _, it := range items {
		if s, ok := d.scalar(it, "", "stop_on"); ok {
			out = append(out, paceline.EventKind(s))
		}
	}
	return out
}
