package personalize

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		col       int
		want      string
	}{
		{"unclosed spin", "Hi {there|you", 4, "never closed with '}'"},
		{"stray close", "Hi there}", 9, "closes nothing"},
		{"stray double close", "Hi }} there", 4, "closes nothing"},
		{"single option", "{Hi} there", 1, "two or more options"},
		{"unclosed action", "Hi {{first_name", 4, "never closed with '}}'"},
		{"action runs into action", "Hi {{first_name {{last_name}}", 4, "before the next '{{' at column 17"},
		{"empty field", "Hi {{ }}", 4, "empty field name"},
		{"empty field before filter", `Hi {{ | default: "x"}}`, 4, "empty field name before '|'"},
		{"unknown filter", "Hi {{name | upper}}", 4, `unknown filter "upper"`},
		{"filter without name", "Hi {{name | }}", 4, "needs a filter"},
		{"unquoted default", "Hi {{name | default: there}}", 4, "quoted text"},
		{"junk after default", `Hi {{name | default: "x" y}}`, 4, `unexpected "y"`},
		{"unterminated if", "{{if open_profile}}Hi", 1, "unterminated {{if open_profile}}"},
		{"if without fact", "{{if}}x{{end}}", 1, "needs a fact"},
		{"if two facts", "{{if a and b}}x{{end}}", 1, "tests one fact"},
		{"end without if", "Hi {{end}}", 4, "without an {{if}}"},
		{"else without if", "Hi {{else}}", 4, "without an {{if}}"},
		{"two elses", "{{if a}}x{{else}}y{{else}}z{{end}}", 19, "second {{else}}"},
		{"else if", "{{if a}}x{{else if b}}y{{end}}", 10, "nest an {{if}}"},
		{"end inside spin", "{{if a}}{x|y{{end}}}", 13, "inside a spin group"},
		{"bar across if", "{x {{if a}}y|z{{end}}}", 13, "cuts across the spin group"},
		{"close across if", "{x|{{if a}}y}{{end}}}", 13, "cuts across the spin group"},
		{"bad name", "{{first-name}}", 1, "not a field name"},
		{"column counts characters", "Zoë, Łukasz }", 13, "closes nothing"},
		{"unclosed inner spin", "{a|{b|c}", 1, "never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.src)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a *SyntaxError", tt.src, err)
			}
			if se.Column != tt.col || !strings.Contains(se.Message, tt.want) {
				t.Errorf("Parse(%q) = column %d %q, want column %d containing %q", tt.src, se.Column, se.Message, tt.col, tt.want)
			}
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", paceline.ErrorCode(err), paceline.EINVALID)
			}
		})
	}
}

func TestParseErrorLine(t *testing.T) {
	t.Parallel()
	_, err := Parse("Hi {{first_name}},\n\nthanks {for|} {{ }}")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v, want *SyntaxError", err)
	}
	if se.Line != 3 || se.Column != 15 || !strings.Contains(se.Error(), "line 3 column 15") {
		t.Errorf("got line %d column %d (%q), want line 3 column 15", se.Line, se.Column, se.Error())
	}
}

// TestParseRefusesCode checks that nothing but plain field names can be reached: Go
// template actions, functions, methods and variables are all refused at Parse.
func TestParseRefusesCode(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"{{.Foo}}", "{{.Lead.Email}}", "{{$x}}", "{{$}}", "{{printf}}", `{{printf "%s" .Foo}}`,
		"{{index}}", "{{index .Fields 0}}", "{{call .F}}", "{{len .}}", "{{template \"x\"}}",
		"{{define \"x\"}}{{end}}", "{{range .}}{{end}}", "{{with .X}}{{end}}", "{{block \"b\" .}}{{end}}",
		"{{html .X}}", "{{js}}", "{{urlquery}}", "{{print}}", "{{println}}", "{{slice}}",
		"{{first_name | printf}}", "{{first_name | html}}", "{{(first_name)}}", "{{first_name()}}",
		"{{os.Getenv}}", "{{env \"HOME\"}}", "{{- first_name -}}", "{{/* comment */}}", "{{nil}}",
		"{{true}}", "{{if .X}}y{{end}}", "{{if printf}}y{{end}}", "{{if not .X}}y{{end}}", "{{ \"lit\" }}",
	} {
		if tmpl, err := Parse(src); err == nil {
			t.Errorf("Parse(%q) accepted it with fields %q; want an error", src, tmpl.Fields())
		}
	}
}

func TestFieldsAndFacts(t *testing.T) {
	t.Parallel()
	tmpl, err := Parse(`{Hi|Hello {{nick | default: "you"}}} {{first_name}}{{if open_profile}} {{company}}{{else}}{{first_name}}{{end}}{{if not has_email}}!{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tmpl.Fields(), []string{"nick", "first_name", "company"}; !slices.Equal(got, want) {
		t.Errorf("Fields() = %q, want %q", got, want)
	}
	if got, want := tmpl.Facts(), []string{"open_profile", "has_email"}; !slices.Equal(got, want) {
		t.Errorf("Facts() = %q, want %q", got, want)
	}
}

func TestLiteralRunes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want int
	}{
		{"", 0},
		{"Hello", 5},
		{"Zoë 李 👋", 7},
		{"{Hi|Hello} there", 11},
		{"{{if a}}short{{else}}much longer{{end}}", 11},
		{"Hi {{first_name}}", 2},
		{"a  b", 3},
		{`\{x\}`, 3},
		{"{a|{bb|ccc}}", 3},
		{" leading space", 13},
		{"{{if a}} x{{end}} y", 3},
		{"{{first_name}} x", 2},
		{`{{first_name | default: ""}} x`, 1},
		{"x {{if a}}{{end}} y", 3},
	}
	for _, tt := range tests {
		tmpl, err := Parse(tt.src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.src, err)
		}
		if got := tmpl.LiteralRunes(); got != tt.want {
			t.Errorf("LiteralRunes(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}
