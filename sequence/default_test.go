package sequence

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
)

// noteLimit is the note length per account type (DESIGN.md §1).
func noteLimit(t paceline.AccountType) int {
	if t == paceline.TypeFree {
		return 200
	}
	return 300
}

func TestDefaultValidatesForEveryAccountType(t *testing.T) {
	t.Parallel()
	seq := Default()
	for _, typ := range paceline.AccountTypes {
		if err := Validate(seq, Options{NoteMaxChars: noteLimit(typ)}); err != nil {
			t.Errorf("%s: %v", typ, err)
		}
	}
}

// TestDefaultIsTheSeedWorkflow pins down the shape the brief asks for, so that an edit
// of default.yaml that drops a part of the workflow fails here.
func TestDefaultIsTheSeedWorkflow(t *testing.T) {
	t.Parallel()
	seq := Default()
	var kinds []string
	for _, st := range seq.Steps {
		kinds = append(kinds, string(st.Kind))
	}
	if got := strings.Join(kinds, ","); got != "invite,message,message,email" {
		t.Fatalf("kinds = %s", got)
	}
	invite, hello, mail := seq.Steps[0], seq.Steps[1], seq.Steps[3]
	if invite.Note == nil || invite.Fallback != FallbackPlain {
		t.Error("the invite has no note or its fallback is not plain")
	}
	if w := invite.WaitFor; w == nil || w.Event != paceline.EventAccepted || w.Timeout != 21*Day || w.OnTimeout.Action != TimeoutWithdraw {
		t.Errorf("invite wait_for = %+v, want accepted, 21d, withdraw", w)
	}
	if hello.Delay != (Delay{Min: Day, Max: 2 * Day}) {
		t.Errorf("first message delay = %v, want 1d..2d", hello.Delay)
	}
	if mail.If.Eval(Facts{HasEmail: false}) || !mail.If.Eval(Facts{HasEmail: true}) {
		t.Error("the email step does not depend on has_email")
	}
	for _, e := range []paceline.EventKind{paceline.EventReplied, paceline.EventOptedOut, paceline.EventBounced} {
		if !seq.Stops(e) {
			t.Errorf("the default does not stop on %s", e)
		}
	}
	if seq.Stops(paceline.EventAccepted) {
		t.Error("the default stops on accepted")
	}
	// A lead who never accepts: the invite is withdrawn, the messages are skipped, the
	// email still goes out when there is an address.
	i := seq.Timeout(0)
	for i >= 0 && !seq.Steps[i].If.Eval(Facts{HasEmail: true}) {
		i = seq.Skip(i)
	}
	if i < 0 || seq.Steps[i].Kind != paceline.KindEmail {
		t.Errorf("a lead who never accepts reaches step %d, want the email", i)
	}
}

// TestDefaultNoteFitsAFreeAccount renders the default note for long real-world names
// and checks it against the free account's 200 characters after rendering.
func TestDefaultNoteFitsAFreeAccount(t *testing.T) {
	t.Parallel()
	seq := Default()
	leads := []map[string]string{
		{"first_name": "Zoë", "company": "Müller & Söhne", "sender_first_name": "Ana"},
		{"first_name": "Łukasz", "sender_first_name": "Ana"},
		{"first_name": "李", "company": "字节跳动", "sender_first_name": "Ana"},
		{"first_name": "Maximiliane-Charlotte", "company": "International Business Machines Corporation", "sender_first_name": "Bartholomew"},
	}
	for i, f := range leads {
		for s := range uint64(20) {
			note, err := RenderNote(&seq.Steps[0], personalize.Data{Fields: f}, s, noteLimit(paceline.TypeFree))
			if err != nil {
				t.Fatalf("lead %d seed %d: %v", i, s, err)
			}
			if !strings.Contains(note, f["first_name"]) {
				t.Errorf("note %q lacks the first name", note)
			}
		}
	}
	// The other texts render for a full lead, with the steps named in errors otherwise.
	full := personalize.Data{Fields: leads[0], Facts: map[string]bool{"has_email": true}}
	for i := range seq.Steps[1:] {
		st := &seq.Steps[i+1]
		if _, body, err := RenderText(st, full, 1); err != nil || body == "" {
			t.Errorf("step %s: %q, %v", st.ID, body, err)
		}
		_, _, err := RenderText(st, personalize.Data{}, 1)
		var mf *personalize.MissingFieldError
		if !errors.As(err, &mf) || !strings.Contains(err.Error(), "step "+st.ID) {
			t.Errorf("step %s with no fields: %v, want a missing field naming the step", st.ID, err)
		}
	}
}

func TestRenderNote(t *testing.T) {
	t.Parallel()
	seq, err := Parse([]byte(`name: n
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}, {{company}}"}
  - id: plain
    invite: {}
`))
	if err != nil {
		t.Fatal(err)
	}
	d := personalize.Data{Fields: map[string]string{"first_name": "Zoë", "company": strings.Repeat("é", 192)}}
	if note, err := RenderNote(&seq.Steps[0], d, 1, 200); err != nil || personalize.RuneCount(note) != 200 {
		t.Errorf("exactly at the limit: %d chars, %v", personalize.RuneCount(note), err)
	}
	if note, err := RenderNote(&seq.Steps[0], d, 1, 300); err != nil || personalize.RuneCount(note) != 200 {
		t.Errorf("with a 300 limit: %d chars, %v", personalize.RuneCount(note), err)
	}
	d.Fields["company"] = strings.Repeat("é", 193)
	_, err = RenderNote(&seq.Steps[0], d, 1, 200)
	var long *NoteTooLongError
	if !errors.As(err, &long) || long.Chars != 201 || long.Max != 200 || long.Step != "connect" {
		t.Errorf("RenderNote over the limit = %v, want NoteTooLongError{connect, 201, 200}", err)
	}
	if paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("ErrorCode = %q", paceline.ErrorCode(err))
	}
	if note, err := RenderNote(&seq.Steps[1], d, 1, 200); note != "" || err != nil {
		t.Errorf("plain invite: %q, %v", note, err)
	}
	_, err = RenderNote(&seq.Steps[0], personalize.Data{}, 1, 200)
	var mf *personalize.MissingFieldError
	if !errors.As(err, &mf) || mf.Field != "first_name" || !strings.Contains(err.Error(), "step connect") {
		t.Errorf("missing field: %v", err)
	}
}

func TestValidateNoteLimitPerAccountType(t *testing.T) {
	t.Parallel()
	note := strings.Repeat("word ", 50) // 250 characters once trimmed: 249
	seq, err := Parse(fmt.Appendf(nil, "name: n\nsteps:\n  - id: connect\n    invite: {note: %q}\n", note))
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range paceline.AccountTypes {
		err := Validate(seq, Options{NoteMaxChars: noteLimit(typ)})
		if (typ == paceline.TypeFree) != (err != nil) {
			t.Errorf("%s: Validate = %v", typ, err)
		}
		if err != nil && !strings.Contains(err.Error(), "line 4, step connect: the note has 249 characters") {
			t.Errorf("%s: %v", typ, err)
		}
	}
}

// TestDefaultUsesBuiltInFields checks that the built-in sequence passes the field check
// with no stored lead at all: campaigns create uses it when given no --sequence.
func TestDefaultUsesBuiltInFields(t *testing.T) {
	t.Parallel()
	seq := Default()
	if got := seq.CustomFields(); len(got) != 0 {
		t.Errorf("the built-in sequence uses custom fields %q", got)
	}
	if err := Validate(seq, Options{NoteMaxChars: MaxNoteChars, CheckFields: true}); err != nil {
		t.Errorf("Validate with the field check = %v", err)
	}
}

func TestValidateBuiltInCode(t *testing.T) {
	t.Parallel()
	seq := &Sequence{Name: "code", StopOn: []paceline.EventKind{paceline.EventReplied, paceline.EventOptedOut}, Steps: []Step{
		{ID: "a", Kind: paceline.KindVisit},
		{ID: "a", Kind: "poke"},
		{ID: "b", Kind: paceline.KindMessage},
	}}
	err := Validate(seq, Options{})
	for _, want := range []string{`step a: id "a" is already used`, `step a: unknown step kind "poke"`, "step b: message has no text"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want it to contain %q", err, want)
		}
	}
}

func TestEarliestSend(t *testing.T) {
	t.Parallel()
	seq := Default()
	accepted := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	hello := seq.Index("hello")
	tests := []struct {
		step     int
		due, acc time.Time
		want     time.Time
	}{
		{hello, accepted.Add(5 * time.Minute), accepted, accepted.Add(time.Hour)},
		{hello, accepted.Add(2 * time.Hour), accepted, accepted.Add(2 * time.Hour)},
		{hello, accepted.Add(5 * time.Minute), time.Time{}, accepted.Add(5 * time.Minute)},
		{seq.Index("mail"), accepted.Add(5 * time.Minute), accepted, accepted.Add(5 * time.Minute)},
	}
	for _, tt := range tests {
		if got := seq.EarliestSend(tt.step, tt.due, tt.acc); !got.Equal(tt.want) {
			t.Errorf("EarliestSend(%s, %v) = %v, want %v", seq.Steps[tt.step].ID, tt.due, got, tt.want)
		}
	}
	// A sequence built in code with no MinAfterAccept still gets the hour.
	bare := &Sequence{Steps: []Step{{ID: "m", Kind: paceline.KindInMail}}}
	if got := bare.EarliestSend(0, accepted, accepted); !got.Equal(accepted.Add(time.Hour)) {
		t.Errorf("bare EarliestSend = %v", got)
	}
}

func TestIndexAndJumps(t *testing.T) {
	t.Parallel()
	seq, err := Parse([]byte(`name: jumps
steps:
  - id: a
    if: premium
    else: c
    visit: {}
    next: b
  - id: b
    invite: {}
    wait_for: {event: accepted, on_timeout: stop}
    next: d
  - id: c
    invite: {}
    wait_for: {event: accepted, on_timeout: e}
  - id: d
    invite: {}
    wait_for: {event: accepted, on_timeout: continue}
  - id: e
    follow: {}
`))
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{"a": 0, "c": 2, "e": 4, "zz": -1, "": -1} {
		if got := seq.Index(id); got != want {
			t.Errorf("Index(%q) = %d, want %d", id, got, want)
		}
	}
	tests := []struct {
		name      string
		got, want int
	}{
		{"a next", seq.Next(0), 1}, {"a skip", seq.Skip(0), 2}, {"b timeout", seq.Timeout(1), -1},
		{"c timeout", seq.Timeout(2), 4}, {"d timeout", seq.Timeout(3), 4}, {"e next", seq.Next(4), -1},
		{"e timeout without wait", seq.Timeout(4), -1}, {"b next", seq.Next(1), 3}, {"c next", seq.Next(2), 3},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}
