package sequence

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
)

// variantLeads are the leads the variant golden file renders every variant for.
var variantLeads = []struct {
	key  string
	data personalize.Data
}{
	{"linkedin.com/in/zoe", personalize.Data{
		Fields: map[string]string{"first_name": "Zoë", "company": "Müller & Söhne", "topic": "supply chains"},
		Facts:  map[string]bool{"connected": true, "has_email": true},
	}},
	{"linkedin.com/in/li", personalize.Data{Fields: map[string]string{"first_name": "李"}}},
	{"linkedin.com/in/nobody", personalize.Data{}},
}

// describeVariants writes out every variant of every step and its rendering for each
// lead, as the engine would render it after assigning the variant.
func describeVariants(t *testing.T, seq *Sequence) string {
	t.Helper()
	var b strings.Builder
	for i := range seq.Steps {
		st := &seq.Steps[i]
		fmt.Fprintf(&b, "step %s (%s, goal %s) variants %v freeze %q\n", st.ID, st.Kind, Goal(st.Kind), st.VariantIDs(), st.Freeze)
		for _, id := range st.VariantIDs() {
			v, err := st.WithVariant(id)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "  variant %s\n", id)
			for _, lead := range variantLeads {
				seed := personalize.Seed(lead.key, st.ID)
				var out string
				if st.Kind == paceline.KindInvite {
					note, err := RenderNote(&v, lead.data, seed, 200)
					out = fmt.Sprintf("note %q", note)
					if err != nil {
						out = "error: " + err.Error()
					}
				} else {
					subject, body, err := RenderText(&v, lead.data, seed)
					out = fmt.Sprintf("subject %q body %q", subject, body)
					if err != nil {
						out = "error: " + err.Error()
					}
				}
				fmt.Fprintf(&b, "    %s: %s\n", lead.key, out)
			}
		}
	}
	return b.String()
}

func TestVariantsGolden(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/variants/ab.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seq, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkGolden(t, "testdata/variants/ab.golden", describe(seq)+"\n"+describeVariants(t, seq))
}

func TestVariantsInvalidGolden(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/variants/invalid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(src)
	var errs ValidationErrors
	if !errors.As(err, &errs) {
		t.Fatalf("Parse = %v, want ValidationErrors", err)
	}
	for _, e := range errs {
		if e.Line < 1 || e.Step == "" {
			t.Errorf("error without a line or step: %v", e)
		}
	}
	checkGolden(t, "testdata/variants/invalid.golden", err.Error()+"\n")
}

// TestVariantsChecksEachText checks that the length and field checks run on every
// variant, not only on the first one that the step's own Note holds.
func TestVariantsChecksEachText(t *testing.T) {
	t.Parallel()
	seq, err := Parse([]byte(`name: x
steps:
  - id: connect
    invite:
      variants:
        - {id: a, note: "Hi {{first_name}}"}
        - {id: b, note: "Hi {{nickname}}, ` + strings.Repeat("so much to say ", 15) + `"}
`))
	if err != nil {
		t.Fatal(err)
	}
	err = Validate(seq, Options{NoteMaxChars: 200, CheckFields: true})
	n := seq.Steps[0].Variants[1].Note.LiteralRunes()
	if n <= 200 || seq.Steps[0].Note.LiteralRunes() > 200 {
		t.Fatalf("the test needs variant b alone over the limit; literal lengths %d and %d", seq.Steps[0].Note.LiteralRunes(), n)
	}
	want := fmt.Sprintf("line 7, step connect: variant b: the note has %d characters before any field is filled in, over the 200-character limit; shorten it\n", n) +
		`line 7, step connect: variant b: note: unknown field "nickname": fix the name, or, if nickname is a column of your lead file, import leads with that column first (built-in fields: ` + strings.Join(BuiltInFields(), ", ") + ")"
	if err == nil || err.Error() != want {
		t.Errorf("Validate = %v\nwant %s", err, want)
	}
}

func TestWithVariant(t *testing.T) {
	t.Parallel()
	a, b := mustTemplate(t, "A {{first_name}}"), mustTemplate(t, "B")
	multi := &Step{ID: "hello", Kind: paceline.KindMessage, Body: a, Variants: []Variant{{ID: "a", Body: a}, {ID: "b", Body: b}}}
	single := &Step{ID: "nudge", Kind: paceline.KindMessage, Body: a}
	tests := []struct {
		step *Step
		id   string
		want *personalize.Template
		err  string
	}{
		{multi, "a", a, ""},
		{multi, "b", b, ""},
		{multi, "c", nil, `step hello has no variant "c" (variants: a, b)`},
		{multi, "", nil, `step hello has no variant ""`},
		{single, "", a, ""},
		{single, "a", nil, `step nudge has no variants, so it has no variant "a"`},
	}
	for _, tt := range tests {
		got, err := tt.step.WithVariant(tt.id)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || paceline.ErrorCode(err) != paceline.ENOTFOUND):
			t.Errorf("%s.WithVariant(%q) = %v, want ENOTFOUND %q", tt.step.ID, tt.id, err, tt.err)
		case tt.err == "" && (err != nil || got.Body != tt.want || got.ID != tt.step.ID):
			t.Errorf("%s.WithVariant(%q) = %+v, %v", tt.step.ID, tt.id, got, err)
		}
	}
	if multi.Body != a {
		t.Error("WithVariant changed the step it was called on")
	}
}

func TestStepBandit(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/variants/ab.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seq, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		step   string
		ids    []string
		frozen string
	}{
		{"connect", []string{"short", "topic", "company"}, ""},
		{"hello", []string{"warm", "direct"}, "warm"},
	}
	for _, tt := range tests {
		st := &seq.Steps[seq.Index(tt.step)]
		b, err := st.Bandit()
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range b.Stats() {
			ids = append(ids, s.ID)
		}
		if !slices.Equal(ids, tt.ids) || b.Frozen() != tt.frozen {
			t.Errorf("%s: bandit over %v frozen %q, want %v frozen %q", tt.step, ids, b.Frozen(), tt.ids, tt.frozen)
		}
	}
	plain := &Step{ID: "nudge", Kind: paceline.KindMessage, Body: mustTemplate(t, "x")}
	if _, err := plain.Bandit(); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("Bandit of a single-text step = %v, want ECONFLICT", err)
	}
}

func TestGoal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind paceline.ActionKind
		want paceline.EventKind
	}{
		{paceline.KindInvite, paceline.EventAccepted},
		{paceline.KindMessage, paceline.EventReplied},
		{paceline.KindInMail, paceline.EventReplied},
		{paceline.KindOpenProfileMessage, paceline.EventReplied},
		{paceline.KindEmail, paceline.EventReplied},
		{paceline.KindVisit, ""},
		{KindWait, ""},
	}
	for _, tt := range tests {
		if got := Goal(tt.kind); got != tt.want {
			t.Errorf("Goal(%s) = %q, want %q", tt.kind, got, tt.want)
		}
	}
}

func mustTemplate(t *testing.T, src string) *personalize.Template {
	t.Helper()
	tmpl, err := personalize.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}
