package sequence

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// FuzzParseSequence checks that Parse never panics, that every error it returns is a
// list of positioned errors, and that an accepted sequence can be walked: every jump
// goes forward, so following Next, Skip or Timeout always ends.
func FuzzParseSequence(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add(DefaultYAML())
	for _, s := range []string{
		"", "name: x", "name: x\nsteps: []", "steps:\n  - id: a\n    visit:", "name: &a x\nsteps: *a",
		"name: x\nsteps:\n  - id: a\n    delay: {for: 1d..2d, in: working}\n", "name: x\nsteps:\n  - {id: a, wait_for: accepted}",
		"name: x\nsteps:\n  - id: a\n    invite: {note: \"{{if a}}\"}", "name: [x]\nsteps: {a: b}\nstop_on: {x: 1}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		seq, err := Parse(src)
		if err != nil {
			var errs ValidationErrors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %v is not a non-empty ValidationErrors", err)
			}
			return
		}
		if len(seq.Steps) == 0 || seq.Name == "" || !seq.Stops(paceline.EventReplied) || !seq.Stops(paceline.EventOptedOut) {
			t.Fatalf("accepted an incomplete sequence: %+v", seq)
		}
		for i := range seq.Steps {
			for _, j := range []int{seq.Next(i), seq.Skip(i), seq.Timeout(i)} {
				if j != -1 && j <= i {
					t.Fatalf("step %d leads back to %d", i, j)
				}
			}
			seq.Steps[i].If.Eval(Facts{Score: 50})
			seq.EarliestSend(i, time.Time{}, time.Unix(0, 0))
			seq.Steps[i].Delay.Pick(uint64(i))
		}
		if err := Validate(seq, Options{NoteMaxChars: 200}); err != nil {
			var errs ValidationErrors
			if !errors.As(err, &errs) {
				t.Fatalf("Validate error %v is not ValidationErrors", err)
			}
		}
		// The field check finds every field it reports in the text, and knowing the
		// sequence's custom fields leaves nothing to report.
		if err := Validate(seq, Options{CheckFields: true}); err != nil {
			var errs ValidationErrors
			if !errors.As(err, &errs) {
				t.Fatalf("Validate with the field check: %v is not ValidationErrors", err)
			}
			for _, e := range errs {
				if e.Line < 1 {
					t.Fatalf("field error without a line: %v", e)
				}
			}
		}
		if err := Validate(seq, Options{CheckFields: true, CustomFields: seq.CustomFields()}); err != nil {
			t.Fatalf("Validate knowing every custom field the sequence uses: %v", err)
		}
	})
}
