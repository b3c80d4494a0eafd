package sequence

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/paceline/paceline/personalize"
)

// TestRenderNoteGolden renders invite notes for leads with names and companies outside
// ASCII, at the free (200) and paid (300) note limits, including notes that fit one
// limit and not the other.
func TestRenderNoteGolden(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/notes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seq, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	leads := []struct {
		key    string
		fields map[string]string
	}{
		{"zoe", map[string]string{"first_name": "Zoë", "company": "Müller & Söhne", "topic": "supply chains", "sender_first_name": "Ana"}},
		{"lukasz", map[string]string{"first_name": "Łukasz", "sender_first_name": "Ana"}},
		{"li", map[string]string{"first_name": "李", "company": "字节跳动", "topic": "大模型"}},
		{"emoji", map[string]string{"first_name": "Sam 🚀", "company": "Rocket 🚀 Labs International Holdings", "topic": "🌱 climate"}},
		{"blank", map[string]string{"first_name": "  ", "company": "Acme"}},
	}
	var b strings.Builder
	for i := range seq.Steps {
		st := &seq.Steps[i]
		fmt.Fprintf(&b, "== %s: %s\n", st.ID, st.Note)
		for _, lead := range leads {
			d := personalize.Data{Fields: lead.fields}
			seed := personalize.Seed(lead.key, st.ID)
			for _, limit := range []int{200, 300} {
				note, err := RenderNote(st, d, seed, limit)
				if err != nil {
					fmt.Fprintf(&b, "%s @%d: error: %v\n", lead.key, limit, err)
					continue
				}
				fmt.Fprintf(&b, "%s @%d (%d chars): %s\n", lead.key, limit, personalize.RuneCount(note), note)
			}
		}
		b.WriteString("\n")
	}
	checkGolden(t, "testdata/notes.golden", b.String())
}

// TestValidateNoteAgainstAccount checks that a note whose literal text fits LinkedIn's
// 300 characters but not the sending account's 200 is refused, with its line, its
// length, the account and its limit, and that one under the limit passes.
func TestValidateNoteAgainstAccount(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 272)
	src := "name: s\nsteps:\n  - id: connect\n    invite:\n      note: \"" + long + "\"\n      fallback: wait\n"
	seq, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse refused a 272-character note under LinkedIn's 300: %v", err)
	}
	err = Validate(seq, Options{NoteMaxChars: 200, NoteAccount: "alice (a free account)"})
	var errs ValidationErrors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("Validate = %v, want one problem", err)
	}
	e := errs[0]
	if e.Line != 5 || e.Step != "connect" {
		t.Errorf("problem at line %d step %q, want line 5 step connect", e.Line, e.Step)
	}
	for _, want := range []string{"272 characters", "200-character limit of alice (a free account)", "shorten the note to at most 200"} {
		if !strings.Contains(e.Message, want) {
			t.Errorf("message %q does not say %q", e.Message, want)
		}
	}
	if err := Validate(seq, Options{NoteMaxChars: 300, NoteAccount: "bob (a premium account)"}); err != nil {
		t.Errorf("Validate at 300 = %v, want nil", err)
	}
}

// TestNoteWarnings checks which notes with fields are said to be at risk of rendering
// over the limit: only those whose literal text fits but leaves under NoteFieldRoom
// characters a field.
func TestNoteWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, note string
		limit      int
		want       string // "" for no warning
	}{
		{"room to spare", "Hi {{first_name}}, glad to connect.", 200, ""},
		{"no field", strings.Repeat("y", 195), 200, ""},
		{"tight", strings.Repeat("y", 190) + " {{first_name}}", 200, "190 characters before {{first_name}} is filled in, which leaves 10 for it under the 200-character limit of alice; for a lead whose values are longer the note is not sent (fallback: plain applies)"},
		{"two fields", strings.Repeat("y", 170) + " {{first_name}} {{company}}", 200, "before {{first_name}}, {{company}} are filled in, which leaves 30 for them"},
		{"fits paid", strings.Repeat("y", 190) + " {{first_name}}", 300, ""},
		{"over is an error, not a warning", strings.Repeat("y", 250) + " {{first_name}}", 200, ""},
	}
	for _, tt := range tests {
		src := "name: s\nsteps:\n  - id: connect\n    invite: {note: \"" + tt.note + "\"}\n"
		seq, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		ws := NoteWarnings(seq, Options{NoteMaxChars: tt.limit, NoteAccount: "alice"})
		switch {
		case tt.want == "" && len(ws) > 0:
			t.Errorf("%s: warnings %v, want none", tt.name, ws)
		case tt.want != "" && (len(ws) != 1 || !strings.Contains(ws[0].Message, tt.want) || ws[0].Line != 4):
			t.Errorf("%s: warnings %v, want one on line 4 saying %q", tt.name, ws, tt.want)
		}
	}
}
