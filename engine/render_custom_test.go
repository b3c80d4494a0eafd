package engine

import (
	"slices"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
)

// TestOwnColumnFillsFieldWorkedOutFromTitle checks the rule for a CSV column named like
// a field the import works out from the title (finding 4 of 2026-11-27): the lead's
// own Seniority column, kept as the custom field seniority, fills {{seniority}} in
// place of the level guessed from the title, in LeadData (previews, held steps, AI) as
// in the engine's own renders; with the column blank or absent the guess still fills
// it, and a lead field that is not guessed (title) wins over a column of its name.
func TestOwnColumnFillsFieldWorkedOutFromTitle(t *testing.T) {
	t.Parallel()
	tmpl, err := personalize.Parse("{{seniority}} / {{department}} / {{title}}")
	if err != nil {
		t.Fatal(err)
	}
	lead := func(custom map[string]string) *paceline.Lead {
		return &paceline.Lead{FirstName: "Raj", Title: "VP Engineering", Seniority: paceline.SeniorityVP,
			Department: "engineering", Custom: custom}
	}
	for _, tc := range []struct {
		name   string
		custom map[string]string
		want   string
	}{
		{"no column", nil, "vp / engineering / VP Engineering"},
		{"own columns", map[string]string{"seniority": "Senior", "department": "Platform", "title": "ignored"}, "Senior / Platform / VP Engineering"},
		{"blank column", map[string]string{"seniority": "  ", "department": ""}, "vp / engineering / VP Engineering"},
	} {
		l := lead(tc.custom)
		got, err := personalize.Render(tmpl, LeadData(l), 1)
		if err != nil || got != tc.want {
			t.Errorf("%s: LeadData renders %q, %v; want %q", tc.name, got, err, tc.want)
		}
		var ts textState
		got, err = personalize.Render(tmpl, ts.data(l, "", tmpl, nil), 1)
		if err != nil || got != tc.want {
			t.Errorf("%s: the engine renders %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

// derivedFromTitle, which the engine asks for every render, names the fields
// sequence.TitleFields documents, which the import summary names.
func TestDerivedFromTitleIsTitleFields(t *testing.T) {
	t.Parallel()
	for _, f := range sequence.BuiltInFields() {
		if derivedFromTitle(f) != slices.Contains(sequence.TitleFields(), f) {
			t.Errorf("%s: derivedFromTitle = %t, sequence.TitleFields disagrees", f, derivedFromTitle(f))
		}
	}
}
