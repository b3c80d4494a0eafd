package sequence

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"gopkg.in/yaml.v3"
)

// stepKinds are the action keys a step may carry, one per step.
var stepKinds = []paceline.ActionKind{
	paceline.KindVisit, paceline.KindFollow, paceline.KindLikePost, paceline.KindEndorse,
	paceline.KindInvite, paceline.KindWithdraw, paceline.KindMessage, paceline.KindInMail,
	paceline.KindOpenProfileMessage, paceline.KindEmail, KindWait,
}

func stepKind(key string) (paceline.ActionKind, bool) {
	for _, k := range stepKinds {
		if string(k) == key {
			return k, true
		}
	}
	return "", false
}

func kindNames() string {
	names := make([]string, len(stepKinds))
	for i, k := range stepKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// step decodes one entry of steps:.
func (d *decoder) step(n *yaml.Node) Step {
	st := Step{Line: n.Line, keyLines: map[string]int{}}
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "", "a step should be a mapping starting with id:, not a %s", kindName(n))
		return st
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			st.ID = n.Content[i+1].Value
		}
	}
	var kinds []string
	d.mapping(n, st.ID, func(key, val *yaml.Node) {
		st.keyLines[key.Value] = key.Line
		if k, ok := stepKind(key.Value); ok {
			kinds = append(kinds, key.Value)
			st.Kind = k
			d.action(&st, k, val)
			return
		}
		switch key.Value {
		case "id":
			d.scalar(val, st.ID, "id")
		case "delay":
			st.Delay, st.workingWeeks = d.delay(val, st.ID)
		case "if":
			if s, ok := d.scalar(val, st.ID, "if"); ok {
				c, err := ParseCondition(s)
				if err != nil {
					d.errorf(val.Line, st.ID, "if: %v", err)
				}
				st.If = c
			}
		case "else":
			st.Else, _ = d.scalar(val, st.ID, "else")
		case "next":
			st.Next, _ = d.scalar(val, st.ID, "next")
		case "wait_for":
			st.WaitFor = d.waitFor(val, st.ID)
		case "ai":
			st.AI = d.ai(val, &st)
		default:
			if hint := misplacedSetting(n, key); hint != "" {
				d.errorf(key.Line, st.ID, "unknown step kind or key %q: %s", key.Value, hint)
				st.reported = true
				return
			}
			d.errorf(key.Line, st.ID, "unknown step kind or key %q (kinds: %s; keys: id, delay, if, else, next, wait_for, ai)", key.Value, kindNames())
			st.reported = true
		}
	})
	switch {
	case len(kinds) > 1:
		d.errorf(n.Line, st.ID, "has %d actions (%s); give each action its own step", len(kinds), strings.Join(kinds, ", "))
		st.reported = true
	case len(kinds) == 0 && (st.keyLines["wait_for"] > 0 || st.keyLines["delay"] > 0):
		st.Kind = KindWait
	}
	return st
}

// action decodes the value under an action key into the step.
func (d *decoder) action(st *Step, k paceline.ActionKind, val *yaml.Node) {
	switch k {
	case paceline.KindMessage:
		if val.Kind == yaml.ScalarNode && !isEmpty(val) {
			st.Body = d.template(val, st.ID, "message")
			return
		}
	case KindWait, paceline.KindVisit, paceline.KindFollow, paceline.KindLikePost, paceline.KindWithdraw:
		if !isEmpty(val) {
			d.errorf(val.Line, st.ID, "%s takes no settings (write %s: {})", k, k)
		}
		return
	}
	if isEmpty(val) {
		if k == paceline.KindInvite || k == paceline.KindEndorse {
			return
		}
		d.errorf(val.Line, st.ID, "%s needs its text: write %s: {%s}", k, k, settingsHint(k))
		st.reported = true
		return
	}
	if val.Kind != yaml.MappingNode {
		d.errorf(val.Line, st.ID, "%s: should be a mapping such as {%s}, not a %s", k, settingsHint(k), kindName(val))
		st.reported = true
		return
	}
	d.mapping(val, st.ID, func(key, v *yaml.Node) {
		st.keyLines[string(k)+"."+key.Value] = key.Line
		switch {
		case k == paceline.KindInvite && key.Value == "note":
			st.Note = d.template(v, st.ID, "note")
		case k == paceline.KindInvite && key.Value == "fallback":
			s, _ := d.scalar(v, st.ID, "fallback")
			st.Fallback = Fallback(s)
		case k == paceline.KindEndorse && key.Value == "skill":
			st.Skill, _ = d.scalar(v, st.ID, "skill")
		case hasText(k) && key.Value == "variants":
			st.Variants = d.variants(st, k, v)
		case hasText(k) && key.Value == "freeze":
			st.Freeze, _ = d.scalar(v, st.ID, "freeze")
		case k != paceline.KindInvite && k != paceline.KindEndorse && key.Value == "body":
			st.Body = d.template(v, st.ID, string(k)+" body")
		case (k == paceline.KindInMail || k == paceline.KindOpenProfileMessage || k == paceline.KindEmail) && key.Value == "subject":
			st.Subject = d.template(v, st.ID, string(k)+" subject")
		default:
			hint := settingsHint(k)
			if hasText(k) {
				hint += ", variants, freeze"
			}
			if _, kind := stepKind(key.Value); kind || slices.Contains(stepKeys, key.Value) {
				d.errorf(key.Line, st.ID, "unknown key %q in %s (it takes %s): if %s belongs to the step, indent it as far as %s:, not under it", key.Value, k, hint, key.Value, k)
				return
			}
			d.errorf(key.Line, st.ID, "unknown key %q in %s (it takes %s)", key.Value, k, hint)
		}
	})
	applyVariants(st)
}

// stepKeys are the keys of a step besides its action.
var stepKeys = []string{"id", "delay", "if", "else", "next", "wait_for", "ai"}

// settings are the keys an action's mapping takes.
func settings(k paceline.ActionKind) []string {
	switch k {
	case KindWait, paceline.KindVisit, paceline.KindFollow, paceline.KindLikePost, paceline.KindWithdraw:
		return nil
	}
	keys := strings.Split(settingsHint(k), ", ")
	if hasText(k) {
		keys = append(keys, "variants", "freeze")
	}
	return keys
}

// misplacedSetting says where to indent an unknown step key that is a setting of an
// action, as note: written as far in as invite: rather than under it; "" when it is no
// action's setting.
func misplacedSetting(step, key *yaml.Node) string {
	for i := 0; i+1 < len(step.Content); i += 2 {
		k, ok := stepKind(step.Content[i].Value)
		if !ok || !slices.Contains(settings(k), key.Value) {
			continue
		}
		where := "above"
		if step.Content[i].Line > key.Line {
			where = "below"
		}
		return fmt.Sprintf("if %s belongs to the %s %s, indent it under %s: (a setting goes further in than its action's key)", key.Value, k, where, k)
	}
	var kinds []string
	for _, k := range stepKinds {
		if slices.Contains(settings(k), key.Value) {
			kinds = append(kinds, string(k)+":")
		}
	}
	if len(kinds) == 0 {
		return ""
	}
	return fmt.Sprintf("%s is a setting of %s; write the action and indent %s under it", key.Value, strings.Join(kinds, " or "), key.Value)
}

func settingsHint(k paceline.ActionKind) string {
	switch k {
	case paceline.KindInvite:
		return "note, fallback"
	case paceline.KindEndorse:
		return "skill"
	case paceline.KindMessage:
		return "body"
	}
	return "subject, body"
}

// template compiles a text, mapping a template error to the YAML line it is on.
func (d *decoder) template(n *yaml.Node, step, what string) *personalize.Template {
	s, ok := d.scalar(n, step, what)
	if !ok {
		return nil
	}
	if strings.TrimSpace(s) == "" {
		d.errorf(n.Line, step, "%s is empty", what)
		return placeholder()
	}
	t, err := personalize.Parse(s)
	var se *personalize.SyntaxError
	if errors.As(err, &se) {
		line := n.Line
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			line += se.Line // block text starts on the line after the key
		} else if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			line += se.Line - 1
		}
		d.errorf(line, step, "%s: %s%s", what, se.Error(), customHint(se.Message))
		return placeholder()
	}
	if d.texts == nil {
		d.texts = map[*personalize.Template]textPos{}
	}
	d.texts[t] = positionOf(n)
	return t
}

// customHint tells a template that refers to an imported column as {{custom.NAME}}, as
// the ai: block's fields and the CSV export's headers name it, that a template names it
// {{NAME}}; "" for another mistake.
func customHint(msg string) string {
	rest, ok := strings.CutPrefix(msg, `"custom.`)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, `"`)
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	hint := fmt.Sprintf("; a template names an imported column without custom.: write {{%s}}", name)
	if name == "seniority" || name == "department" {
		hint += fmt.Sprintf(" (a lead's own %s column fills {{%s}} in place of the one worked out from the title)", name, name)
	}
	return hint
}

// placeholder stands in for a text that failed to compile, so that the error is
// reported once and not again as a missing text.
func placeholder() *personalize.Template {
	t, _ := personalize.Parse("")
	return t
}

// delay decodes "1d..2d" or {for: 1d..2d, in: working}. weeks is the for: text when
// it counts weeks (w) of working time, which Warnings points out: a week there is 7
// working days, not one working week.
func (d *decoder) delay(n *yaml.Node, step string) (dl Delay, weeks string) {
	if n.Kind == yaml.ScalarNode {
		dl, err := ParseDelay(n.Value)
		if err != nil {
			d.errorf(n.Line, step, "delay: %v", err)
		}
		return dl, ""
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, step, "delay: should be a span like 4d or 1d..2d, or {for: 1d..2d, in: working}")
		return Delay{}, ""
	}
	var forText string
	hasFor := false
	d.mapping(n, step, func(key, val *yaml.Node) {
		switch key.Value {
		case "for":
			hasFor = true
			if s, ok := d.scalar(val, step, "delay.for"); ok {
				forText = strings.TrimSpace(s)
				in := dl.In
				var err error
				if dl, err = ParseDelay(s); err != nil {
					d.errorf(val.Line, step, "delay: %v", err)
				}
				dl.In = in
			}
		case "in":
			s, _ := d.scalar(val, step, "delay.in")
			switch s {
			case "working":
				dl.In = Working
			case "calendar":
				dl.In = Calendar
			default:
				d.errorf(val.Line, step, "delay in: %q is neither working nor calendar", s)
			}
		default:
			d.errorf(key.Line, step, "unknown key %q in delay (it takes for and in)", key.Value)
		}
	})
	if !hasFor {
		d.errorf(n.Line, step, "delay: says in: but not for: how long (write {for: 2d, in: working})")
	}
	if dl.In == Working && strings.Contains(forText, "w") {
		weeks = forText
	}
	return dl, weeks
}

// waitFor decodes "accepted" or {event: accepted, timeout: 21d, on_timeout: withdraw}.
func (d *decoder) waitFor(n *yaml.Node, step string) *WaitFor {
	w := &WaitFor{Timeout: DefaultWaitTimeout, OnTimeout: OnTimeout{Action: TimeoutWithdraw}}
	if n.Kind == yaml.ScalarNode {
		w.Event = paceline.EventKind(n.Value)
		return w
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, step, "wait_for: should be {event: accepted, timeout: 21d, on_timeout: withdraw}")
		return w
	}
	d.mapping(n, step, func(key, val *yaml.Node) {
		s, ok := d.scalar(val, step, "wait_for."+key.Value)
		if !ok {
			return
		}
		switch key.Value {
		case "event":
			w.Event = paceline.EventKind(s)
		case "timeout":
			span, err := parseOneSpan(s, "a timeout", timeoutExamples)
			if err != nil {
				d.errorf(val.Line, step, "wait_for timeout: %v", err)
				return
			}
			w.Timeout = span
		case "on_timeout":
			switch a := TimeoutAction(s); a {
			case TimeoutWithdraw, TimeoutContinue, TimeoutStop:
				w.OnTimeout = OnTimeout{Action: a}
			default:
				w.OnTimeout = OnTimeout{Action: TimeoutGoto, Step: s}
			}
		default:
			d.errorf(key.Line, step, "unknown key %q in wait_for (it takes event, timeout and on_timeout)", key.Value)
		}
	})
	return w
}
