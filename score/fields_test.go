package score

import (
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// A custom rule may name its column as the file heads it: the import keeps "Notiz" as
// notiz (as {{notiz}} inserts it), so a rule for Notiz gave no lead points and said
// nothing. A column the import kept under its own name (custom.Notiz) is read first.
func TestCustomRuleNamesColumnAsHeaded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, field string
		custom      map[string]string
		want        int
	}{
		{"as stored", "notiz", map[string]string{"notiz": "Java; Kotlin"}, 13},
		{"as headed", "Notiz", map[string]string{"notiz": "Java; Kotlin"}, 13},
		{"a header of words", "Lieblings Sprache", map[string]string{"lieblings_sprache": "Java"}, 13},
		{"kept under its own name", "Notiz", map[string]string{"Notiz": "Java", "notiz": "Go"}, 13},
		{"own name blank, stored key read", "Notiz", map[string]string{"Notiz": "", "notiz": "Java"}, 13},
		{"other column", "Notiz", map[string]string{"notes": "Java"}, 5},
	} {
		r, err := Parse([]byte("base: 5\ncustom:\n  " + tc.field + ": {java: 8}\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got, why := r.Score(&paceline.Lead{Custom: tc.custom}); got != tc.want {
			t.Errorf("%s: rule %q on %v scores %d (%+v); want %d", tc.name, tc.field, tc.custom, got, why, tc.want)
		}
	}
}

func TestCustomFieldWarnings(t *testing.T) {
	t.Parallel()
	r, err := Parse([]byte(`base: 5
custom:
  Notiz: {java: 8}
  notes: {java: 8}
  technolgies: {go: 2}
  title: {cto: 3}
  notiz: {go: 1}
  Tools: {vim: 1}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := r.CustomFieldWarnings([]string{"notiz", "technologies", "tools"})
	want := []string{
		"custom.notes (line 4) gives no lead points: no stored lead has a custom field notes (the leads' custom fields: notiz, technologies, tools)",
		"custom.technolgies (line 5) gives no lead points: no stored lead has a custom field technolgies (did you mean technologies?)",
		"custom.title (line 6) gives no lead points: no stored lead has a custom field title; title is a lead field, which the title_keywords section scores",
		"custom.notiz (line 7) reads the same column as custom.Notiz (notiz)",
	}
	if len(got) != len(want) {
		t.Fatalf("warnings:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d:\n%s\nwant it to start\n%s", i, got[i], want[i])
		}
	}
	if w := r.CustomFieldWarnings(nil); len(w) != 6 || !strings.Contains(w[0], "no stored lead has any custom field") {
		t.Errorf("with no custom field stored: %q", w)
	}
	if w := Default().CustomFieldWarnings(nil); len(w) != 0 {
		t.Errorf("the built-in rules: %q", w)
	}
}
