package personalize

import (
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenLeads are the leads every golden template is rendered for: names outside
// ASCII, a lead with missing fields, an emoji.
var goldenLeads = []struct {
	name string
	data Data
}{
	{"zoe", Data{
		Fields: map[string]string{"first_name": "Zoë", "company": "Müller & Söhne", "topic": "supply chains", "sender_first_name": "Ana"},
		Facts:  map[string]bool{"open_profile": true, "has_email": true},
	}},
	{"lukasz", Data{
		Fields: map[string]string{"first_name": "Łukasz", "company": "  ", "sender_first_name": "Ana"},
		Facts:  map[string]bool{"open_profile": false, "has_email": false},
	}},
	{"li", Data{
		Fields: map[string]string{"first_name": "李", "company": "字节跳动", "topic": "大模型", "sender_first_name": "Ana"},
		Facts:  map[string]bool{"open_profile": false, "has_email": true},
	}},
	{"emoji", Data{
		Fields: map[string]string{"first_name": "Sam 🚀", "topic": "🌱 climate", "sender_first_name": "Ana"},
	}},
	{"nobody", Data{}},
}

var goldenTemplates = []struct{ name, src string }{
	{"variants", `{Hi|Hello|Hey} {{first_name}}, I {loved|enjoyed|read} your {post|article} on {{topic | default: "growth"}}.`},
	{"conditionals", `Hi {{first_name}}{{if company}} at {{company}}{{end}}. {{if open_profile}}Your profile is open, so I wrote directly.{{else}}Happy to connect first.{{end}} {{if not has_email}}{{else}}I may follow up by email.{{end}}`},
	{"nested", `{Hi {there|friend}|Hello|{Hey|Yo} {{first_name}}} 👋 — {{sender_first_name}}`},
	{"escapes", `Use \{braces\}, a \| bar and a \\ backslash, {{first_name | default: "friend"}}. {{first_name | default: "a \"quoted\" }} default"}}`},
	{"multiline", "Hi {{first_name}},\n\n{{if company}}I saw what {{company}} is building.{{end}}\n\n\nBest,\n  {{sender_first_name}}  "},
	{"overlength", `Hi {{first_name}}, {{if company}}I have been following {{company}} for a while and {{end}}I keep coming back to your {posts|writing|comments} on {{topic | default: "the craft of building teams"}}; I would love to connect, swap notes on what is working for you this quarter, and hear how you think about the next year. {{sender_first_name}}`},
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenTemplates {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tmpl, err := Parse(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "template: %s\n", tc.src)
			for _, lead := range goldenLeads {
				// Three steps give three seeds; steps that render alike share an entry.
				var steps, outs []string
				for _, step := range []string{"connect", "hello", "nudge"} {
					out, err := Render(tmpl, lead.data, Seed(lead.name, step))
					if err != nil {
						out = "error: " + err.Error()
					} else {
						out = fmt.Sprintf("(%d chars)\n%s", RuneCount(out), out)
					}
					if i := slices.Index(outs, out); i >= 0 {
						steps[i] += "," + step
						continue
					}
					steps, outs = append(steps, step), append(outs, out)
				}
				for i := range steps {
					fmt.Fprintf(&b, "\n%s/%s %s\n", lead.name, steps[i], outs[i])
				}
			}
			checkGolden(t, filepath.Join("testdata", tc.name+".golden"), b.String())
		})
	}
}

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
		t.Errorf("%s differs from the rendering (run go test -update after checking):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestRenderMissingField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src     string
		data    Data
		missing string // "" when rendering must succeed
		want    string
	}{
		{"Hi {{first_name}}", Data{}, "first_name", ""},
		{"Hi {{first_name}}", Data{Fields: map[string]string{"first_name": " \t"}}, "first_name", ""},
		{"Hi {{first_name | default: \"there\"}}", Data{}, "", "Hi there"},
		{"Hi {{first_name | default: \"\"}}!", Data{}, "", "Hi !"},
		{"{{if company}}at {{company}}{{end}}ok", Data{}, "", "ok"},
		{"{{if open_profile}}{{company}}{{end}}ok", Data{Facts: map[string]bool{"open_profile": true}}, "company", ""},
		{"{{if not open_profile}}{{company}}{{end}}ok", Data{Facts: map[string]bool{"open_profile": true}}, "", "ok"},
	}
	for _, tt := range tests {
		tmpl, err := Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Render(tmpl, tt.data, 1)
		var mf *MissingFieldError
		switch {
		case tt.missing != "" && (!errors.As(err, &mf) || mf.Field != tt.missing):
			t.Errorf("Render(%q) = %q, %v; want a MissingFieldError for %q", tt.src, got, err, tt.missing)
		case tt.missing == "" && (err != nil || got != tt.want):
			t.Errorf("Render(%q) = %q, %v; want %q", tt.src, got, err, tt.want)
		}
	}
}

// TestRenderDoesNotEvaluateValues checks that a field value is inserted as text: a lead
// whose name looks like a template cannot make the template do anything.
func TestRenderDoesNotEvaluateValues(t *testing.T) {
	t.Parallel()
	tmpl, err := Parse("Hi {{first_name}}")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"{{printf}}", "{{.Secret}}", "{a|b}", "{{last_name}}", `\{`} {
		got, err := Render(tmpl, Data{Fields: map[string]string{"first_name": v, "last_name": "X"}}, 7)
		if err != nil || got != "Hi "+v {
			t.Errorf("Render with first_name=%q = %q, %v; want it inserted verbatim", v, got, err)
		}
	}
}

func TestRenderSeedIsStable(t *testing.T) {
	t.Parallel()
	tmpl, err := Parse("{a|b|c|d|e|f|g|h} {1|2|3|4|5|6|7|8}")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range 200 {
		seed := Seed(fmt.Sprintf("lead-%d", i), "connect")
		first, _ := Render(tmpl, Data{}, seed)
		for range 3 {
			if again, _ := Render(tmpl, Data{}, seed); again != first {
				t.Fatalf("seed %d rendered %q then %q", seed, first, again)
			}
		}
		seen[first] = true
	}
	// 64 variants over 200 leads: a working mix reaches most of them.
	if len(seen) < 40 {
		t.Errorf("200 leads reached only %d of 64 variants", len(seen))
	}
}

// TestSpinChoiceIndependentOfBranches checks that a fact changing does not reshuffle the
// choice of a later spin group: each group's choice depends only on the seed.
func TestSpinChoiceIndependentOfBranches(t *testing.T) {
	t.Parallel()
	tmpl, err := Parse("{{if x}}{p|q|r}{{end}}{a|b|c|d|e|f}")
	if err != nil {
		t.Fatal(err)
	}
	for i := range uint64(50) {
		with, _ := Render(tmpl, Data{Facts: map[string]bool{"x": true}}, i)
		without, _ := Render(tmpl, Data{}, i)
		if with[1:] != without {
			t.Fatalf("seed %d: %q with the fact, %q without; the last group changed", i, with, without)
		}
	}
}

func TestSeed(t *testing.T) {
	t.Parallel()
	if Seed("ab", "c") == Seed("a", "bc") {
		t.Error(`Seed("ab", "c") == Seed("a", "bc")`)
	}
	if Seed("lead", "connect") == Seed("lead", "hello") {
		t.Error("two steps of one lead share a seed")
	}
	// Seed must stay FNV-1a over lead, 0xff, step: a changed hash would reshuffle the
	// variants of every running campaign. Check it against the standard library's FNV.
	for _, in := range [][2]string{{"", ""}, {"linkedin.com/in/zoe", "connect"}, {"李", "hello"}} {
		h := fnv.New64a()
		h.Write([]byte(in[0]))
		h.Write([]byte{0xff})
		h.Write([]byte(in[1]))
		if got, want := Seed(in[0], in[1]), h.Sum64(); got != want {
			t.Errorf("Seed(%q, %q) = %#x, want %#x", in[0], in[1], got, want)
		}
	}
}

func TestTidy(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"  a  b\t c  ", "a b c"},
		{"a \n b", "a\nb"},
		{"a\n\n\n\nb", "a\n\nb"},
		{"a\r\nb", "a\nb"},
		{"\n\n a", "a"},
		{"Zoë  李", "Zoë 李"},
	}
	for _, tt := range tests {
		if got := tidy(tt.in); got != tt.want {
			t.Errorf("tidy(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
