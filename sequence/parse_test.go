package sequence

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update after checking):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// describe writes out the compiled form of a sequence, including where each step leads,
// so that the golden files pin down the semantics and not only that parsing succeeded.
func describe(seq *Sequence) string {
	var b strings.Builder
	fmt.Fprintf(&b, "sequence %s stop_on=%v min_after_accept=%s\n", seq.Name, seq.StopOn, formatSpan(seq.MinAfterAccept))
	for i, st := range seq.Steps {
		fmt.Fprintf(&b, "\n%d %s (line %d) %s\n", i, st.ID, st.Line, st.Kind)
		if st.Delay != (Delay{}) {
			fmt.Fprintf(&b, "  delay %s\n", st.Delay)
		}
		if st.If != nil {
			fmt.Fprintf(&b, "  if %s, else -> %d\n", st.If, seq.Skip(i))
		}
		for _, tx := range []struct {
			name string
			t    fmt.Stringer
		}{{"note", st.Note}, {"subject", st.Subject}, {"body", st.Body}} {
			if tx.t != nil && !isNilTemplate(tx.t) {
				fmt.Fprintf(&b, "  %s %q\n", tx.name, tx.t.String())
			}
		}
		if st.Fallback != "" {
			fmt.Fprintf(&b, "  fallback %s\n", st.Fallback)
		}
		if st.Skill != "" {
			fmt.Fprintf(&b, "  skill %s\n", st.Skill)
		}
		if st.AI != nil {
			fmt.Fprintf(&b, "  ai %s\n", st.AI)
		}
		if w := st.WaitFor; w != nil {
			fmt.Fprintf(&b, "  wait_for %s timeout %s on_timeout %s -> %d\n", w.Event, formatSpan(w.Timeout), w.OnTimeout, seq.Timeout(i))
		}
		fmt.Fprintf(&b, "  next -> %d\n", seq.Next(i))
	}
	return b.String()
}

func TestParseValidGolden(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no valid sequences in testdata/valid")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			seq, err := Parse(src)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkGolden(t, strings.TrimSuffix(path, ".yaml")+".golden", describe(seq))
		})
	}
}

func TestParseInvalidGolden(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no invalid sequences in testdata/invalid")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			seq, err := Parse(src)
			if err == nil {
				t.Fatalf("Parse accepted it:\n%s", describe(seq))
			}
			var errs ValidationErrors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v is not ValidationErrors", err)
			}
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Errorf("ErrorCode = %q, want invalid", paceline.ErrorCode(err))
			}
			for _, e := range errs {
				if e.Line < 1 {
					t.Errorf("error without a line: %v", e)
				}
			}
			checkGolden(t, strings.TrimSuffix(path, ".yaml")+".golden", err.Error()+"\n")
		})
	}
}

// TestValidateFieldsGolden checks the field check's errors: each unknown field with the
// line it is on (inside a block text too), the text it is in and the nearest known
// name, and that a known custom field passes.
func TestValidateFieldsGolden(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/fields/*.yaml")
	if len(files) == 0 {
		t.Fatal("no sequences in testdata/fields")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			seq, err := Parse(src)
			if err != nil {
				t.Fatalf("Parse, which leaves fields unchecked, refused it: %v", err)
			}
			err = Validate(seq, Options{CheckFields: true, CustomFields: []string{"topic"}})
			if err == nil {
				t.Fatal("Validate accepted every field")
			}
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Errorf("ErrorCode = %q, want invalid", paceline.ErrorCode(err))
			}
			checkGolden(t, strings.TrimSuffix(path, ".yaml")+".golden", err.Error()+"\n")
		})
	}
}

// TestTestdataSequencesUseKnownFields checks that every valid sequence of testdata
// passes the field check once its one custom field, topic, is known, and is refused
// without it, naming topic.
func TestTestdataSequencesUseKnownFields(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*/*.yaml")
	more, _ := filepath.Glob("testdata/*.yaml")
	for _, path := range append(files, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		seq, err := Parse(src)
		if err != nil || strings.Contains(path, "fields") {
			continue // the invalid ones, and the typos of TestValidateFieldsGolden
		}
		if err := Validate(seq, Options{CheckFields: true, CustomFields: []string{"topic"}}); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		uses := slices.Contains(seq.CustomFields(), "topic")
		err = Validate(seq, Options{CheckFields: true})
		named := err != nil && (strings.Contains(err.Error(), `unknown field "topic"`) || strings.Contains(err.Error(), `unknown field "custom.topic"`))
		if uses != (err != nil) || err != nil && !named {
			t.Errorf("%s (uses topic: %t): Validate with no custom field = %v", path, uses, err)
		}
	}
}
