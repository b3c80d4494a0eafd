package sequence_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/sequence"
)

// TestBuiltInFieldsAreTheEngines checks that the fields the field check accepts without
// any stored lead are the ones the engine fills in from a lead (plus sender_first_name,
// which the built-in sequence signs with), so that the check neither refuses a field
// that renders nor accepts one that never does.
func TestBuiltInFieldsAreTheEngines(t *testing.T) {
	t.Parallel()
	l := &paceline.Lead{FirstName: "Zoë", LastName: "Martin", Company: "Acme", Title: "CTO", Location: "Paris",
		Industry: "Software", Department: "Engineering", Seniority: paceline.SeniorityCLevel, Email: "zoe@acme.example"}
	got := slices.Sorted(maps.Keys(engine.LeadData(l).Fields))
	want := slices.DeleteFunc(sequence.BuiltInFields(), func(f string) bool { return f == "sender_first_name" })
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("engine.LeadData fills %q; sequence.BuiltInFields has %q besides sender_first_name", got, want)
	}
}
