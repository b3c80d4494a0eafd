package sequence

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
)

// TextChange is a step whose texts an edit of a running campaign's sequence changes.
type TextChange struct {
	Step string `json:"step"`
	// Line is the step's line in the new sequence.
	Line int `json:"line"`
	// Texts names each text that changed, in the order the step holds them: "note",
	// "subject", "body", or for a step with variants "variant b note" and so on.
	Texts []string `json:"texts"`
}

// StructureError refuses an edit of a running campaign's sequence that changes more
// than its texts. Each change is one entry, with its line in the new sequence (0 for
// a step the new one no longer has) and its step ("" for the sequence as a whole).
type StructureError struct {
	Changes ValidationErrors
}

// Error lists every change that is not a text's, one a line, and says what to do.
func (e *StructureError) Error() string {
	lines := make([]string, len(e.Changes))
	for i, c := range e.Changes {
		lines[i] = "  " + c.Error()
	}
	return fmt.Sprintf("the new sequence changes more than texts, and a started campaign takes new texts only "+
		"(its leads are enrolled on its steps as they are: their order, timing and branches):\n%s\n"+
		"change only the invite notes, the subjects and bodies, and the variants' texts; "+
		"for the other changes, create a new campaign with the new sequence (paceline campaigns create) and stop this one (paceline campaigns stop NAME), which frees its leads for the new one",
		strings.Join(lines, "\n"))
}

// Unwrap lets paceline.ErrorCode see the refusal as a conflict with the campaign's
// running state: the sequence itself may be valid.
func (e *StructureError) Unwrap() error {
	return &paceline.Error{Code: paceline.ECONFLICT, Field: "sequence", Message: e.Error()}
}

// TextsOnly accepts new as the sequence of a campaign that runs old only when the two
// differ in texts alone: invite notes, subjects and bodies of messages, InMails, Open
// Profile messages and emails, and each A/B variant's texts. A running enrollment
// keeps the index of its step and the variant it was given, and a step's text is
// rendered when the step comes due, so new texts reach every lead whose step is not
// rendered yet; any other change (steps added, removed or moved, ids, kinds, delays,
// wait_for, if, else, next, stop_on, min_after_accept, variants' ids, freeze, fallback,
// skill, ai, an invite's note added or removed) would move leads already on the
// steps, and is refused with a *StructureError that lists every one. It returns the
// steps whose texts change, in the new sequence's order; none when nothing does.
func TextsOnly(old, new *Sequence) ([]TextChange, error) {
	var errs ValidationErrors
	refuse := func(st *Step, key, format string, args ...any) {
		e := &ValidationError{Message: fmt.Sprintf(format, args...)}
		if st != nil {
			e.Step, e.Line = st.ID, st.Line
			if l, ok := st.keyLines[key]; ok && l > 0 {
				e.Line = l
			}
		} else if l := new.keyLines[key]; l > 0 {
			e.Line = l
		}
		errs = append(errs, e)
	}

	if old.Name != new.Name {
		refuse(nil, "name", "name: changed from %q to %q", old.Name, new.Name)
	}
	if a, b := eventSet(old.StopOn), eventSet(new.StopOn); a != b {
		refuse(nil, "stop_on", "stop_on: changed from [%s] to [%s]", a, b)
	}
	if old.MinAfterAccept != new.MinAfterAccept {
		refuse(nil, "min_after_accept", "min_after_accept: changed from %s to %s", formatSpan(old.MinAfterAccept), formatSpan(new.MinAfterAccept))
	}

	oldAt := stepPositions(old)
	newAt := stepPositions(new)
	reshaped := false
	for i := range new.Steps {
		st := &new.Steps[i]
		if _, ok := oldAt[st.ID]; !ok {
			refuse(st, "id", "the step is new: a started campaign's steps cannot be added")
			reshaped = true
		}
	}
	for i := range old.Steps {
		st := &old.Steps[i]
		if _, ok := newAt[st.ID]; !ok {
			errs = append(errs, &ValidationError{Step: st.ID,
				Message: fmt.Sprintf("the step (line %d of the campaign's sequence) is gone: a started campaign's steps cannot be removed", st.Line)})
			reshaped = true
		}
	}
	if !reshaped {
		for i := range new.Steps {
			st := &new.Steps[i]
			if j := oldAt[st.ID]; j != i {
				refuse(st, "id", "the step moved from position %d to %d: a started campaign's steps cannot be reordered", j+1, i+1)
			}
		}
	}

	var changes []TextChange
	for i := range new.Steps {
		n := &new.Steps[i]
		j, ok := oldAt[n.ID]
		if !ok {
			continue
		}
		o := &old.Steps[j]
		if !sameStructure(o, n, refuse) {
			continue
		}
		if texts := changedTexts(o, n); len(texts) > 0 {
			changes = append(changes, TextChange{Step: n.ID, Line: n.Line, Texts: texts})
		}
	}
	if len(errs) > 0 {
		return nil, &StructureError{Changes: errs.sorted()}
	}
	return changes, nil
}

// sameStructure compares everything of two steps with one id but their texts,
// refusing each difference; it reports whether there was none, so that the texts of
// the step can be compared.
func sameStructure(o, n *Step, refuse func(st *Step, key, format string, args ...any)) bool {
	same := true
	differs := func(key, what, was, is string) {
		if was != is {
			refuse(n, key, "%s changed from %s to %s", what, was, is)
			same = false
		}
	}
	if o.Kind != n.Kind {
		differs(string(n.Kind), "the step's kind", string(o.Kind), string(n.Kind))
		return false // the rest of a step of another kind means something else
	}
	k := string(n.Kind)
	differs("delay", "delay", o.Delay.String(), n.Delay.String())
	differs("wait_for", "wait_for", waitForString(o.WaitFor), waitForString(n.WaitFor))
	differs("if", "if", orNone(o.If.String()), orNone(n.If.String()))
	differs("else", "else", orNone(o.Else), orNone(n.Else))
	differs("next", "next", orNone(o.Next), orNone(n.Next))
	differs(k+".fallback", "fallback", string(fallbackOf(o.Fallback)), string(fallbackOf(n.Fallback)))
	differs(k+".skill", "skill", orNone(o.Skill), orNone(n.Skill))
	differs(k+".freeze", "freeze", orNone(o.Freeze), orNone(n.Freeze))
	differs(k+".variants", "the variants", orNone(strings.Join(o.VariantIDs(), ", ")), orNone(strings.Join(n.VariantIDs(), ", ")))
	differs("ai", "ai", aiString(o.AI), aiString(n.AI))
	if n.Kind == paceline.KindInvite {
		// A note is more than a text: on a free account it spends the monthly note
		// quota, and the fallback decides what happens without one.
		for _, ts := range pairTexts(o, n) {
			if (ts.old.note == nil) != (ts.new.note == nil) {
				what := "adds a note to the plain invite"
				if ts.new.note == nil {
					what = "removes the invite's note"
				}
				refuse(n, ts.new.key, "%s%s: a note spends the note quota and the invite's fallback applies to it, so it is not a change of text", ts.new.label, what)
				same = false
			}
		}
	}
	return same
}

// changedTexts names the texts of step n that differ from step o's, of the same
// structure.
func changedTexts(o, n *Step) []string {
	var out []string
	for _, ts := range pairTexts(o, n) {
		prefix := strings.TrimSuffix(ts.new.label, ": ")
		if prefix != "" {
			prefix += " "
		}
		for _, t := range []struct {
			name     string
			was, now *personalize.Template
		}{{"note", ts.old.note, ts.new.note}, {"subject", ts.old.subject, ts.new.subject}, {"body", ts.old.body, ts.new.body}} {
			if !sameTemplate(t.was, t.now) {
				out = append(out, prefix+t.name)
			}
		}
	}
	return out
}

// textPair is the same set of texts in the old and the new step.
type textPair struct{ old, new textSet }

// pairTexts pairs the text sets of two steps with the same variants, in order.
func pairTexts(o, n *Step) []textPair {
	a, b := textSets(o), textSets(n)
	out := make([]textPair, 0, len(b))
	for i := range min(len(a), len(b)) {
		out = append(out, textPair{a[i], b[i]})
	}
	return out
}

// stepPositions maps each step id to its first index.
func stepPositions(s *Sequence) map[string]int {
	at := make(map[string]int, len(s.Steps))
	for i, st := range s.Steps {
		if _, dup := at[st.ID]; !dup {
			at[st.ID] = i
		}
	}
	return at
}

// eventSet writes a stop_on list as a sorted set: its order means nothing.
func eventSet(es []paceline.EventKind) string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = string(e)
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), ", ")
}

func waitForString(w *WaitFor) string {
	if w == nil {
		return "none"
	}
	return fmt.Sprintf("{event: %s, timeout: %s, on_timeout: %s}", w.Event, formatSpan(w.Timeout.Round(time.Minute)), w.OnTimeout)
}

func aiString(a *AI) string {
	if a == nil {
		return "none"
	}
	return "{" + a.String() + "}"
}

// fallbackOf is the fallback an invite uses: plain when it names none.
func fallbackOf(f Fallback) Fallback {
	if f == "" {
		return FallbackPlain
	}
	return f
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// sameTemplate reports whether two templates are written alike (both absent too).
func sameTemplate(a, b *personalize.Template) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.String() == b.String()
}
