package sequence

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"gopkg.in/yaml.v3"
)

// Variant is one version of a step's text in an A/B test. The engine picks one per lead
// (personalize.Bandit) and stores the choice, so a retry sends the same text.
type Variant struct {
	ID      string
	Note    *personalize.Template // invite note
	Subject *personalize.Template // inmail, open_profile_message and email subject
	Body    *personalize.Template // message, inmail, open_profile_message and email body
	// Line is the line of the variant in the source, for messages.
	Line int
}

// VariantIDs lists the ids of the step's variants in source order; nil when the step
// has a single text.
func (st *Step) VariantIDs() []string {
	var ids []string
	for _, v := range st.Variants {
		ids = append(ids, v.ID)
	}
	return ids
}

// WithVariant returns a copy of the step whose Note, Subject and Body are those of the
// variant with the given id, ready for RenderNote and RenderText. A step without
// variants is returned as it is for id "", so callers need not tell the cases apart.
func (st *Step) WithVariant(id string) (Step, error) {
	if id == "" && len(st.Variants) == 0 {
		return *st, nil
	}
	for _, v := range st.Variants {
		if v.ID == id {
			out := *st
			out.Note, out.Subject, out.Body = v.Note, v.Subject, v.Body
			return out, nil
		}
	}
	if len(st.Variants) == 0 {
		return Step{}, paceline.Errorf(paceline.ENOTFOUND, "step %s has no variants, so it has no variant %q", st.ID, id)
	}
	return Step{}, paceline.Errorf(paceline.ENOTFOUND, "step %s has no variant %q (variants: %s)", st.ID, id, strings.Join(st.VariantIDs(), ", "))
}

// Bandit returns a fresh personalize.Bandit over the step's variants, frozen on the
// step's freeze: variant when it names one. Load the counts from the ledger with
// Observe before the first choice. A step without variants has nothing to learn and
// returns an ECONFLICT error.
func (st *Step) Bandit() (*personalize.Bandit, error) {
	if len(st.Variants) == 0 {
		return nil, paceline.Errorf(paceline.ECONFLICT, "step %s has a single text and no variants to learn between", st.ID)
	}
	b, err := personalize.NewBandit(st.VariantIDs()...)
	if err != nil {
		return nil, fmt.Errorf("step %s: %w", st.ID, err)
	}
	if st.Freeze != "" {
		if err := b.Freeze(st.Freeze); err != nil {
			return nil, fmt.Errorf("step %s freeze: %w", st.ID, err)
		}
	}
	return b, nil
}

// Goal is the event that counts as success for a step of kind k, the outcome its
// variants compete on: accepted for invites, replied for anything that writes to the
// lead, "" for kinds that carry no text.
func Goal(k paceline.ActionKind) paceline.EventKind {
	switch k {
	case paceline.KindInvite:
		return paceline.EventAccepted
	case paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage, paceline.KindEmail:
		return paceline.EventReplied
	}
	return ""
}

// hasText reports whether steps of kind k carry a text, and so may have variants.
func hasText(k paceline.ActionKind) bool { return Goal(k) != "" }

// variantKeys are the keys a variant of kind k may set.
func variantKeys(k paceline.ActionKind) string {
	switch k {
	case paceline.KindInvite:
		return "id, note"
	case paceline.KindMessage:
		return "id, body"
	}
	return "id, subject, body"
}

// variantExample shows how a variant of kind k is written.
func variantExample(k paceline.ActionKind) string {
	if k == paceline.KindInvite {
		return `{id: a, note: "..."}`
	}
	return `{id: a, body: "..."}`
}

// variants decodes the list under an action's variants: key.
func (d *decoder) variants(st *Step, k paceline.ActionKind, n *yaml.Node) []Variant {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n.Line, st.ID, "variants: should be a list of at least two variants, each like %s", variantExample(k))
		st.reported = true
		return nil
	}
	out := make([]Variant, 0, len(n.Content))
	for i, item := range n.Content {
		v := Variant{Line: item.Line}
		if item.Kind != yaml.MappingNode {
			d.errorf(item.Line, st.ID, "variant %d should be a mapping such as %s, not a %s", i+1, variantExample(k), kindName(item))
			st.reported = true
			continue
		}
		d.mapping(item, st.ID, func(key, val *yaml.Node) {
			what := fmt.Sprintf("variant %d %s", i+1, key.Value)
			switch {
			case key.Value == "id":
				v.ID, _ = d.scalar(val, st.ID, "variant id")
				if _, seen := st.keyLines["variant."+v.ID]; !seen {
					st.keyLines["variant."+v.ID] = item.Line
				}
			case key.Value == "note" && k == paceline.KindInvite:
				v.Note = d.template(val, st.ID, what)
			case key.Value == "body" && k != paceline.KindInvite:
				v.Body = d.template(val, st.ID, what)
			case key.Value == "subject" && k != paceline.KindInvite && k != paceline.KindMessage:
				v.Subject = d.template(val, st.ID, what)
			default:
				d.errorf(key.Line, st.ID, "unknown key %q in a variant of %s (it takes %s)", key.Value, k, variantKeys(k))
			}
		})
		out = append(out, v)
	}
	return out
}

// applyVariants fills each variant's missing texts from the action's own (so an email
// can share one subject across body variants) and then gives the step the first
// variant's texts, so that code unaware of variants still sends a valid text.
func applyVariants(st *Step) {
	for i := range st.Variants {
		v := &st.Variants[i]
		v.Note = cmpOr(v.Note, st.Note)
		v.Subject = cmpOr(v.Subject, st.Subject)
		v.Body = cmpOr(v.Body, st.Body)
	}
	if len(st.Variants) > 0 {
		first := st.Variants[0]
		st.Note, st.Subject, st.Body = first.Note, first.Subject, first.Body
	}
}

func cmpOr(a, b *personalize.Template) *personalize.Template {
	if a != nil {
		return a
	}
	return b
}

// textSet is one complete set of a step's texts: the step's own, or one variant's.
type textSet struct {
	label               string // "" for the step's own texts, "variant b: " otherwise
	key                 string // key of st.keyLines to point errors at
	note, subject, body *personalize.Template
}

// textSets returns the texts Validate checks: every variant's, or the step's own.
func textSets(st *Step) []textSet {
	if len(st.Variants) == 0 {
		return []textSet{{key: string(st.Kind), note: st.Note, subject: st.Subject, body: st.Body}}
	}
	out := make([]textSet, len(st.Variants))
	for i, v := range st.Variants {
		out[i] = textSet{label: fmt.Sprintf("variant %s: ", v.ID), key: "variant." + v.ID, note: v.Note, subject: v.Subject, body: v.Body}
	}
	return out
}

// variants checks the ids and freeze: of a step's variants.
func (c *checker) variants(st *Step) {
	if st.Freeze != "" && len(st.Variants) == 0 {
		c.errorf(st, string(st.Kind)+".freeze", "freeze: %q names a variant, but the step has no variants", st.Freeze)
	}
	if len(st.Variants) == 0 {
		return
	}
	if !hasText(st.Kind) {
		c.errorf(st, string(st.Kind), "%s steps carry no text, so they cannot have variants", st.Kind)
		return
	}
	if len(st.Variants) == 1 {
		c.errorf(st, string(st.Kind)+".variants", "a step with variants needs at least two to compare; with one text, write it directly")
	}
	for i, v := range st.Variants {
		switch {
		case v.ID == "":
			c.errs = append(c.errs, &ValidationError{Line: max(v.Line, st.Line), Step: st.ID, Message: fmt.Sprintf("variant %d has no id (add id: with a short name such as a or short)", i+1)})
		case strings.ContainsAny(v.ID, " \t\n:,{}[]"):
			c.errorf(st, "variant."+v.ID, "variant id %q has spaces or punctuation; use letters, digits, - and _", v.ID)
		case slices.IndexFunc(st.Variants[:i], func(w Variant) bool { return w.ID == v.ID }) >= 0:
			c.errs = append(c.errs, &ValidationError{Line: max(v.Line, st.Line), Step: st.ID, Message: fmt.Sprintf("variant id %q is used twice; give every variant its own id", v.ID)})
		}
	}
	if ids := st.VariantIDs(); st.Freeze != "" && !slices.Contains(ids, st.Freeze) {
		ids = slices.Compact(slices.DeleteFunc(slices.Sorted(slices.Values(ids)), func(id string) bool { return id == "" }))
		c.errorf(st, string(st.Kind)+".freeze", "freeze: there is no variant %q (variants: %s)", st.Freeze, strings.Join(ids, ", "))
	}
}
