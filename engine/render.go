package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
)

// Text is what the engine rendered for one action: the words the executor sends. The
// same lead and step always render the same text (the variant is stored on the
// enrollment, the spintax is seeded by personalize.Seed(lead key, step id)), so a retry
// sends what the first attempt would have sent.
type Text struct {
	// Variant is the step's variant the lead was given; "" for a step without variants.
	Variant string `json:"variant,omitempty"`
	// Note is an invite's personal note; "" for a plain invite.
	Note    string `json:"note,omitempty"`
	Subject string `json:"subject,omitempty"`
	Body    string `json:"body,omitempty"`
	// Enrollment is the ID of the enrollment the action belongs to, so an executor
	// that keeps state per lead can find it by number rather than by the lead's key.
	Enrollment int64 `json:"enrollment,omitempty"`
}

// For returns the words an action of kind k sends: an invite's note ("" for a plain
// invite), the body for every other kind.
func (t Text) For(k paceline.ActionKind) string {
	if k == paceline.KindInvite {
		return t.Note
	}
	return t.Body
}

// TextExecutor is an Executor that is handed the rendered text with each action: the
// engine calls ExecuteText instead of Execute on executors that have it. An executor
// that composes its own text (or a visit, which has none) needs only Execute.
type TextExecutor interface {
	Executor
	ExecuteText(ctx context.Context, a paceline.Action, t Text) (Outcome, error)
}

// TextExecutorByPointer is a TextExecutor that also takes the action and its text by
// pointer (the simulator): the engine then hands over the action it holds instead of
// copying it and the text, about 190 bytes, through the interface for every action.
// The executor must not keep either pointer.
type TextExecutorByPointer interface {
	ExecuteTextByPointer(ctx context.Context, a *paceline.Action, t *Text) (Outcome, error)
}

// VariantOnly is implemented by a TextExecutor that reads which variant an action
// carries but never its words: the simulator. For such an executor the engine still
// checks every text exactly as it would render it (a blank field holds the step, a note
// too long for the account falls back), but it skips rendering a message whose fields
// are all filled in, which cannot fail, and hands over its Text without words.
type VariantOnly interface {
	VariantOnly() bool
}

// LeadData is what a template sees of a lead (DESIGN.md §4): its custom columns, its
// text fields and its facts. Blank fields are left out, so a template that needs one
// falls back or is held rather than sending an empty space.
func LeadData(l *paceline.Lead) personalize.Data {
	fields := make(map[string]string, len(l.Custom)+10)
	fillFields(fields, l)
	facts := sequence.Facts{OpenProfile: l.OpenProfile, HasEmail: l.Email != "", Premium: l.Premium, Score: l.Score}
	return personalize.Data{Fields: fields, Facts: facts.TemplateFacts()}
}

// fillFields puts l's fields in fields. A lead's own field wins over a custom column of
// its name, but for the two the import works out from the title (department,
// seniority): there the lead's own column, kept as a custom field, is what the user
// wrote and wins over paceline's guess (derivedFromTitle).
func fillFields(fields map[string]string, l *paceline.Lead) {
	for k, v := range l.Custom {
		fields[k] = v
	}
	for _, f := range [...]struct{ k, v string }{
		{"first_name", l.FirstName}, {"last_name", l.LastName}, {"name", l.Name()}, {"company", l.Company},
		{"title", l.Title}, {"location", l.Location}, {"industry", l.Industry}, {"department", l.Department},
		{"seniority", string(l.Seniority)}, {"email", l.Email},
	} {
		if f.v != "" && !(derivedFromTitle(f.k) && !blank(l.Custom[f.k])) {
			fields[f.k] = f.v
		}
	}
}

// derivedFromTitle reports the template fields the import works out from a lead's
// title rather than reads from a column (sequence.TitleFields): a custom column of that
// name, such as a CSV's Seniority column, fills the field in their place.
func derivedFromTitle(name string) bool {
	return name == "seniority" || name == "department"
}

// textState is the engine's rendering and variant state.
type textState struct {
	fields  map[string]string // reused for every render: Render only reads it
	facts   map[string]bool
	exec    TextExecutor // the executor, when it takes texts
	execPtr TextExecutorByPointer
	sent    Text // the text of the action being carried out, for execPtr
	gate    Gate // the executor, when its texts may wait for a person
	blind   bool // the executor is VariantOnly
	shapes  map[*personalize.Template]*shape
	bandits map[*campaign][]*stepBandit
	// awaiting counts the leads whose person holds an enrollment awaiting a goal
	// event (person.awaiting), so events skip the look-up while there are none.
	awaiting int
	quotaWhy map[*sequence.Step]string // the note-quota fallback's reason, per step
	rng      randSource
}

// shape is what the engine learns once about a template: the fields it reads (in
// text or in an {{if}}), those it may require, and bounds on its length.
type shape struct {
	reads    []fieldRef
	required []fieldRef
	runes    int // characters of the source: the most its literal text can add
	slots    int // "{{" in the source: the most places a field value can go
}

// fieldRef is a template's field with the lead field it names worked out once, so that
// checking a text for every lead does not compare the name with each built-in field's.
type fieldRef struct {
	name string
	code fieldCode
}

// fieldCode names the field fieldRef.value reads: one of the lead's own, the sender's first
// name, or a custom column (looked up by name).
type fieldCode uint8

const (
	fieldCustom fieldCode = iota
	fieldSender
	fieldFirstName
	fieldLastName
	fieldName
	fieldCompany
	fieldTitle
	fieldLocation
	fieldIndustry
	fieldDepartment
	fieldSeniority
	fieldEmail
)

// codeOf returns the code of a field name: a custom column unless it is one of the
// names LeadData fills in or sender_first_name.
func codeOf(name string) fieldCode {
	switch name {
	case "sender_first_name":
		return fieldSender
	case "first_name":
		return fieldFirstName
	case "last_name":
		return fieldLastName
	case "name":
		return fieldName
	case "company":
		return fieldCompany
	case "title":
		return fieldTitle
	case "location":
		return fieldLocation
	case "industry":
		return fieldIndustry
	case "department":
		return fieldDepartment
	case "seniority":
		return fieldSeniority
	case "email":
		return fieldEmail
	}
	return fieldCustom
}

func fieldRefs(names []string) []fieldRef {
	out := make([]fieldRef, len(names))
	for i, n := range names {
		out[i] = fieldRef{name: n, code: codeOf(n)}
	}
	return out
}

func (ts *textState) shape(t *personalize.Template) *shape {
	if sh := ts.shapes[t]; sh != nil {
		return sh
	}
	if ts.shapes == nil {
		ts.shapes = map[*personalize.Template]*shape{}
	}
	src := t.String()
	sh := &shape{reads: fieldRefs(append(t.Fields(), t.Facts()...)), required: fieldRefs(required(t)),
		runes: utf8.RuneCountInString(src), slots: strings.Count(src, "{{")}
	ts.shapes[t] = sh
	return sh
}

// data returns the template data of l for the given templates, in maps reused from one
// render to the next: only the fields the templates read are filled in.
func (ts *textState) data(l *paceline.Lead, sender string, ts1, ts2 *personalize.Template) personalize.Data {
	if ts.fields == nil {
		ts.fields, ts.facts = map[string]string{}, map[string]bool{}
	}
	clear(ts.fields)
	for _, t := range [2]*personalize.Template{ts1, ts2} {
		if t == nil {
			continue
		}
		for _, f := range ts.shape(t).reads {
			if v := f.value(l, sender); v != "" {
				ts.fields[f.name] = v
			}
		}
	}
	ts.facts["open_profile"], ts.facts["has_email"], ts.facts["premium"] = l.OpenProfile, l.Email != "", l.Premium
	ts.facts["connected"] = false
	return personalize.Data{Fields: ts.fields, Facts: ts.facts}
}

func newTextState(x Executor) textState {
	te, _ := x.(TextExecutor)
	gate, _ := x.(Gate)
	ts := textState{exec: te, gate: gate, blind: variantOnly(x)}
	if te != nil {
		ts.execPtr, _ = x.(TextExecutorByPointer)
	}
	return ts
}

// variantOnly reports whether x reads no words (VariantOnly).
func variantOnly(x Executor) bool {
	v, ok := x.(VariantOnly)
	return ok && v.VariantOnly()
}

// filled reports whether every field t may require is filled in for l, so that t
// renders without a missing field whatever its spintax picks. A nil template has none.
func (ts *textState) filled(t *personalize.Template, l *paceline.Lead, sender string) bool {
	if t == nil {
		return true
	}
	for _, f := range ts.shape(t).required {
		if blank(f.value(l, sender)) {
			return false
		}
	}
	return true
}

// blank reports whether v is empty or white space only, as strings.TrimSpace sees it.
// Most values begin with a letter, which settles it without trimming.
func blank(v string) bool {
	if v != "" && v[0] > ' ' && v[0] < utf8.RuneSelf {
		return false // a printable ASCII character is not white space
	}
	return strings.TrimSpace(v) == ""
}

// fits reports whether t, rendered for l, surely has at most limit characters: its
// whole source plus the longest of its field values in every "{{" cannot be shorter
// than what it renders.
func (ts *textState) fits(t *personalize.Template, l *paceline.Lead, sender string, limit int) bool {
	if limit <= 0 {
		return true
	}
	sh := ts.shape(t)
	longest := 0
	for _, f := range sh.reads {
		longest = max(longest, utf8.RuneCountInString(f.value(l, sender)))
	}
	return sh.runes+sh.slots*longest <= limit
}

// required lists the fields of t that appear at least once without a default: only
// those can be missing. It reads the source, so it errs on the safe side (a field it
// cannot tell about counts as required).
func required(t *personalize.Template) []string {
	src := t.String()
	var out []string
	for _, f := range t.Fields() {
		for i := 0; ; {
			j := strings.Index(src[i:], "{{")
			if j < 0 {
				break
			}
			rest := strings.TrimLeft(src[i+j+2:], " \t")
			i += j + 2
			if !strings.HasPrefix(rest, f) {
				continue
			}
			if after := strings.TrimLeft(rest[len(f):], " \t"); !strings.HasPrefix(after, "|") {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// value is the field's value as LeadData gives it, without building the map, or the
// sending account's first name for sender_first_name.
func (f fieldRef) value(l *paceline.Lead, sender string) string {
	var v string
	switch f.code {
	case fieldSender:
		v = sender // without one, an imported column of that name may fill it
	case fieldFirstName:
		v = l.FirstName
	case fieldLastName:
		v = l.LastName
	case fieldName:
		v = l.Name()
	case fieldCompany:
		v = l.Company
	case fieldTitle:
		v = l.Title
	case fieldLocation:
		v = l.Location
	case fieldIndustry:
		v = l.Industry
	case fieldDepartment, fieldSeniority:
		if c := l.Custom[f.name]; !blank(c) {
			return c // the lead's own column wins over the guess from the title
		}
		v = l.Department
		if f.code == fieldSeniority {
			v = string(l.Seniority)
		}
	case fieldEmail:
		v = l.Email
	}
	if v != "" {
		return v
	}
	return l.Custom[f.name]
}

// carriesText reports whether an action of kind k for step st sends words: an invite
// (its note), a message, an InMail, an Open Profile message or an email, but not the
// withdrawal of an invite step.
func carriesText(st *sequence.Step, k paceline.ActionKind) bool {
	return k == st.Kind && sequence.Goal(k) != ""
}

// prepare renders the text of e's current step for an action of kind k, once per step:
// it picks the lead's variant first (stored on the enrollment) and then renders with
// the lead's seed. A note that cannot go out (a missing field, too long once rendered
// for the account) applies the step's fallback: plain sends the invite without it,
// wait holds the step for review, skip goes on to the next step; a message that cannot
// be rendered is held for review. Each says why in e.Fallback. It reports whether the
// action may go ahead; when it may not, e has left the ready queue.
func (g *Engine) prepare(e *Enrollment, k paceline.ActionKind, now time.Time) bool {
	st := e.step()
	if k == st.Kind && e.rendered == int16(e.Step)+1 {
		return true // rendered already: only a step of this kind that carries text is
	}
	if !carriesText(st, k) {
		if e.text != (Text{}) {
			e.text = Text{} // cleared only when set: a write of pointers costs more while the collector runs
		}
		return true
	}
	if e.rendered == int16(e.Step)+1 {
		return true
	}
	if k == paceline.KindInvite && e.plain {
		// A plain invite shows no note, so no variant either: nothing to render or
		// learn.
		e.text, e.rendered = Text{}, int16(e.Step)+1
		return true
	}
	view := st
	t := Text{}
	if len(st.Variants) > 0 {
		id, err := g.assign(e)
		if err != nil {
			g.hold(e, err.Error(), now)
			return false
		}
		v, err := st.WithVariant(id)
		if err != nil {
			g.hold(e, err.Error(), now)
			return false
		}
		view, t.Variant = &v, id
	}
	// A VariantOnly executor reads no words: render only what a check cannot clear.
	blind, ts := g.texts.blind, &g.texts
	if k == paceline.KindInvite {
		if view.Note != nil && !e.plain && !(blind && ts.filled(view.Note, e.Lead, e.seat.SenderName) && ts.fits(view.Note, e.Lead, e.seat.SenderName, e.seat.NoteLimit)) {
			d := ts.data(e.Lead, e.seat.SenderName, view.Note, nil)
			d.Facts["connected"] = e.Connected
			note, err := sequence.RenderNote(view, d, e.stepSeed(st.ID), e.seat.NoteLimit)
			if err != nil {
				return g.noteFallback(e, st, err, now)
			}
			t.Note = note
		}
	} else if !blind || !ts.filled(view.Subject, e.Lead, e.seat.SenderName) || !ts.filled(view.Body, e.Lead, e.seat.SenderName) {
		d := ts.data(e.Lead, e.seat.SenderName, view.Subject, view.Body)
		d.Facts["connected"] = e.Connected
		subject, body, err := sequence.RenderText(view, d, e.stepSeed(st.ID))
		if err != nil {
			g.hold(e, fmt.Sprintf("%v; held for review (fill the field in or give it a default)", err), now)
			return false
		}
		t.Subject, t.Body = subject, body
	}
	e.text, e.rendered = t, int16(e.Step)+1
	return true
}

// noteFallback applies an invite step's fallback when its note cannot be rendered.
func (g *Engine) noteFallback(e *Enrollment, st *sequence.Step, err error, now time.Time) bool {
	why := err.Error()
	var long *sequence.NoteTooLongError
	var missing *personalize.MissingFieldError
	switch {
	case errors.As(err, &long):
		why = fmt.Sprintf("step %s: the note has %d characters once rendered, over the %d this account allows", st.ID, long.Chars, long.Max)
	case errors.As(err, &missing):
		why = fmt.Sprintf("step %s: the note needs the lead's %s, which is blank", st.ID, missing.Field)
	}
	switch st.Fallback {
	case sequence.FallbackWait:
		g.hold(e, why+"; held for review (fallback: wait)", now)
		return false
	case sequence.FallbackSkip:
		e.Fallback = why + "; invite skipped (fallback: skip)"
		g.goTo(e, e.camp.Sequence.Next(e.Step), now)
		return false
	}
	e.Fallback = why + "; sent as a plain invite (fallback: plain)"
	e.plain = true
	e.text, e.rendered = Text{}, int16(e.Step)+1 // the variant's note is not shown: nothing to learn
	return true
}

// quotaPlain sends e's invite without its note because the account has no note left
// until the quota renews (fallback: plain). On a free account that is most invites, so
// the reason is made once per step and shared.
func (g *Engine) quotaPlain(e *Enrollment) {
	e.plain = true
	e.text, e.rendered = Text{}, int16(e.Step)+1 // no note, so no variant shown either
	st := e.step()
	why, ok := g.texts.quotaWhy[st]
	if !ok {
		why = fmt.Sprintf("step %s: the account has no personal note left until its quota renews; sent as a plain invite (fallback: plain)", st.ID)
		if g.texts.quotaWhy == nil {
			g.texts.quotaWhy = map[*sequence.Step]string{}
		}
		g.texts.quotaWhy[st] = why
	}
	e.Fallback = why
}

// hold takes e off the ready queue until a person looks at it (Resume). A held
// enrollment still runs: the lead keeps its one active enrollment and counts in Running.
func (g *Engine) hold(e *Enrollment, why string, now time.Time) {
	g.unqueue(e)
	g.bump(e)
	e.State, e.phase, e.Fallback, e.Due = Held, phaseHeld, why, now
}

// Held returns the enrollments held for review, in the order they were made, each with
// its Fallback saying why.
func (g *Engine) Held() []*Enrollment {
	var out []*Enrollment
	for _, e := range g.all {
		if e.State == Held {
			out = append(out, e)
		}
	}
	return out
}

// Resume puts a held enrollment back on its step at now, once a person has fixed what
// held it (filled the lead's field in, shortened the note): the step is rendered again
// and held again if it still cannot go out. Errors: ENOTFOUND for a lead with no
// running enrollment, ECONFLICT for one that is not held.
func (g *Engine) Resume(leadKey string, now time.Time) error {
	e := g.activeFor(leadKey)
	switch {
	case e == nil:
		return paceline.Errorf(paceline.ENOTFOUND, "lead %s has no running enrollment", leadKey)
	case e.State != Held:
		return paceline.Errorf(paceline.ECONFLICT, "lead %s is %s in campaign %s, not held for review", leadKey, e.State, e.camp.Name)
	}
	e.State, e.phase, e.rendered, e.Fallback = Active, phaseDelay, 0, ""
	g.schedule(e, now)
	return nil
}

// Text returns the text rendered for the enrollment's current step, if any.
func (e *Enrollment) Text() Text { return e.text }

// executeText hands the action and its text to the executor.
func (g *Engine) executeText(ctx context.Context, a *paceline.Action, e *Enrollment) (Outcome, error) {
	if te := g.texts.exec; te != nil {
		if tp := g.texts.execPtr; tp != nil {
			// The text lives in the engine, as the action does: a pointer to a local
			// would move it to the heap, an allocation per action.
			t := &g.texts.sent
			*t = e.text
			t.Enrollment = e.ID
			return tp.ExecuteTextByPointer(ctx, a, t)
		}
		t := e.text
		t.Enrollment = e.ID
		return te.ExecuteText(ctx, *a, t)
	}
	return g.opt.Executor.Execute(ctx, *a)
}
