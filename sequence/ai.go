package sequence

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"gopkg.in/yaml.v3"
)

// AI asks a language model to write a step's text for each lead (package
// personalize/aiwrite), under guardrails, when the user configured a provider. The
// step's own template stays mandatory: it is what is sent whenever the model's text is
// not (no provider, a failure, a broken guardrail, a rejected review).
//
//	steps:
//	  - id: connect
//	    invite: {note: "Hi {{first_name}}, glad to connect."}
//	    ai: {prompt: "Mention their role; no pitch.", review: true, fields: [first_name, company, title]}
//
// The model writes an invite's note or the body of a message, inmail,
// open_profile_message or email (an email's subject stays the template's).
type AI struct {
	// Prompt is the user's instruction to the model; required.
	Prompt string
	// Review holds every text the model writes until a person approves it in the tasks
	// view; nothing is sent before.
	Review bool
	// Fields are the lead's fields the model is given, the only facts it may use:
	// names from AIFields, or custom.NAME for an imported column.
	Fields []string
	// MaxChars is the hard limit of the text in characters; 0 is the default: the
	// account's note limit for an invite, DefaultAIMaxChars otherwise. An invite's
	// limit is never above the account's.
	MaxChars int
	// Line is the line of the ai: key, for messages.
	Line int
	// reported is set when decoding already said the block is unreadable.
	reported bool
}

// DefaultAIMaxChars is the limit of an AI-written message, InMail or email body when
// the step sets no max_chars: a chosen length for a first message that gets read, well
// under the platforms' limits (LinkedIn messages take 8,000).
const DefaultAIMaxChars = 600

// AIFields are the lead fields an ai: block may give the model, besides custom.NAME.
// The email address is left out on purpose: the model has no use for it.
var AIFields = []string{"first_name", "last_name", "name", "company", "title", "location", "industry", "department", "seniority"}

// aiCustomPrefix marks an ai: field as a custom field: custom.NAME is the imported
// column NAME.
const aiCustomPrefix = "custom."

// isAIField reports whether f may be listed in an ai: block's fields.
func isAIField(f string) bool {
	if name, ok := strings.CutPrefix(f, aiCustomPrefix); ok {
		return name != "" && !strings.ContainsAny(name, " \t.")
	}
	return slices.Contains(AIFields, f)
}

// ai decodes a step's ai: block.
func (d *decoder) ai(n *yaml.Node, st *Step) *AI {
	a := &AI{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, st.ID, `ai: should be a mapping such as {prompt: "...", review: true, fields: [first_name, company]}, not a %s`, kindName(n))
		a.reported = true
		return a
	}
	d.mapping(n, st.ID, func(key, val *yaml.Node) {
		st.keyLines["ai."+key.Value] = key.Line
		switch key.Value {
		case "prompt":
			a.Prompt, _ = d.scalar(val, st.ID, "ai prompt")
		case "review":
			s, ok := d.scalar(val, st.ID, "ai review")
			if !ok {
				return
			}
			b, err := strconv.ParseBool(s)
			if err != nil {
				d.errorf(val.Line, st.ID, "ai review: %q is neither true nor false", s)
			}
			a.Review = b
		case "fields":
			items := []*yaml.Node{val}
			if val.Kind == yaml.SequenceNode {
				items = val.Content
			}
			for _, it := range items {
				if s, ok := d.scalar(it, st.ID, "ai fields"); ok {
					a.Fields = append(a.Fields, s)
				}
			}
		case "max_chars":
			s, ok := d.scalar(val, st.ID, "ai max_chars")
			if !ok {
				return
			}
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				d.errorf(val.Line, st.ID, "ai max_chars: %q is not a positive number of characters", s)
				return
			}
			a.MaxChars = n
		default:
			d.errorf(key.Line, st.ID, "unknown key %q in ai (it takes prompt, review, fields and max_chars)", key.Value)
		}
	})
	return a
}

// checkAI checks a step's ai: block: a step kind that sends text, a template to fall
// back on, a prompt, known fields, and a limit the account can send.
func (c *checker) checkAI(st *Step, opts Options) {
	a := st.AI
	if a == nil {
		return
	}
	if !hasText(st.Kind) {
		c.errorf(st, "ai", "ai: %s steps send no text, so there is nothing for a model to write (ai goes on invite, message, inmail, open_profile_message and email steps)", st.Kind)
		return
	}
	if st.Kind == paceline.KindInvite && st.Note == nil {
		c.errorf(st, "ai", "ai: the invite has no note; give it a note template, which is sent whenever the model's text is not")
	}
	if a.reported {
		return
	}
	if len(st.Variants) > 0 {
		c.errorf(st, "ai", "ai: a step with variants cannot also have ai (the A/B test would compare the model's texts, not the variants); drop one of them")
	}
	if strings.TrimSpace(a.Prompt) == "" {
		key, what := "ai.prompt", "is empty"
		if _, given := st.keyLines[key]; !given {
			key, what = "ai", "is missing"
		}
		c.errorf(st, key, "ai prompt %s; say what the model should write, such as prompt: \"mention their role; no pitch\"", what)
	}
	if len(a.Fields) == 0 {
		c.errorf(st, "ai", "ai: lists no fields; give the model at least one, such as fields: [first_name, company]")
	}
	for i, f := range a.Fields {
		switch {
		case !isAIField(f):
			hint := ""
			if s := suggest(f, AIFields); s != "" && !strings.HasPrefix(f, aiCustomPrefix) {
				hint = fmt.Sprintf(" (did you mean %s?)", s)
			}
			c.errorf(st, "ai.fields", "ai fields: unknown field %q%s (known: %s, or custom.NAME for an imported column)", f, hint, strings.Join(AIFields, ", "))
		case slices.Index(a.Fields, f) < i:
			c.errorf(st, "ai.fields", "ai fields: %s is listed twice", f)
		}
	}
	if st.Kind == paceline.KindInvite && a.MaxChars > 0 && opts.NoteMaxChars > 0 && a.MaxChars > opts.NoteMaxChars {
		c.errorf(st, "ai.max_chars", "ai max_chars is %d, over the %d-character note limit; lower it", a.MaxChars, opts.NoteMaxChars)
	}
}

// AIMaxChars is the hard limit of the text a model writes for the step, for an account
// whose invite notes may have noteLimit characters (0 when unknown).
func (st *Step) AIMaxChars(noteLimit int) int {
	if st.AI == nil {
		return 0
	}
	limit := st.AI.MaxChars
	if st.Kind != paceline.KindInvite {
		if limit == 0 {
			limit = DefaultAIMaxChars
		}
		return limit
	}
	if noteLimit <= 0 {
		noteLimit = MaxNoteChars
	}
	if limit == 0 || limit > noteLimit {
		limit = noteLimit
	}
	return limit
}

// String writes the block as the golden files show it.
func (a *AI) String() string {
	s := fmt.Sprintf("prompt %q review %t fields %v", a.Prompt, a.Review, a.Fields)
	if a.MaxChars > 0 {
		s += fmt.Sprintf(" max_chars %d", a.MaxChars)
	}
	return s
}
