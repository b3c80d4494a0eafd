package personalize

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, and that a template it accepts renders
// with full data without panicking, deterministically, and without a missing field.
func FuzzParse(f *testing.F) {
	for _, tc := range goldenTemplates {
		f.Add(tc.src)
	}
	for _, s := range []string{
		"", "{", "}", "{{", "}}", "{|}", "{{}}", "{a|{b|{c|d}}}", `\`, `\{{x}}`, "{{if a}}{{if b}}x{{else}}y{{end}}{{end}}",
		`{{x | default: "}}"}}`, `{{x | default: '\'}}`, "{{if a}}{x|y}{{end}}", "{x|{{if a}}y{{end}}}", "\xff{{\xfe}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tmpl, err := Parse(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Column < 1 || se.Offset < 0 || se.Offset > len(src) {
				t.Fatalf("Parse(%q) error %#v is not a positioned *SyntaxError", src, err)
			}
			return
		}
		data := Data{Fields: map[string]string{}, Facts: map[string]bool{}}
		for _, name := range tmpl.Fields() {
			data.Fields[name] = "v"
		}
		for i, name := range tmpl.Facts() {
			data.Facts[name] = i%2 == 0
		}
		branches := false
		walk(tmpl.nodes, func(n node) {
			switch n.(type) {
			case spin, cond:
				branches = true
			}
		})
		if out, err := Render(tmpl, data, 0); err == nil && !branches && tmpl.LiteralRunes() > RuneCount(out) {
			t.Fatalf("LiteralRunes(%q) = %d, more than the %d characters of its only rendering %q", src, tmpl.LiteralRunes(), RuneCount(out), out)
		}
		for seed := range uint64(3) {
			out, err := Render(tmpl, data, seed)
			if err != nil {
				t.Fatalf("Render(%q) with every field set: %v", src, err)
			}
			if again, _ := Render(tmpl, data, seed); again != out {
				t.Fatalf("Render(%q) seed %d gave %q then %q", src, seed, out, again)
			}
			if out != strings.TrimSpace(out) || strings.Contains(out, "  ") {
				t.Fatalf("Render(%q) = %q is not tidy", src, out)
			}
		}
	})
}
