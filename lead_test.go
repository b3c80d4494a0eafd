package paceline

import (
	"slices"
	"testing"
)

func TestLeadNameAndURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lead      Lead
		name, url string
	}{
		{Lead{DisplayName: "Marie Curie", FirstName: "M", ProfileKey: "marie-curie"}, "Marie Curie", "https://www.linkedin.com/in/marie-curie/"},
		{Lead{FirstName: "Marie", LastName: "Curie", SalesKey: "ACwAAA123"}, "Marie Curie", "https://www.linkedin.com/sales/lead/ACwAAA123"},
		{Lead{LastName: "Curie"}, "Curie", ""},
		{Lead{FirstName: "Marie"}, "Marie", ""},
	}
	for _, tt := range tests {
		if got := tt.lead.Name(); got != tt.name {
			t.Errorf("Name() = %q, want %q", got, tt.name)
		}
		if got := tt.lead.ProfileURL(); got != tt.url {
			t.Errorf("ProfileURL() = %q, want %q", got, tt.url)
		}
	}
}

func TestLeadFillNeverBlanks(t *testing.T) {
	t.Parallel()
	full := Lead{FirstName: "Marie", LastName: "Curie", DisplayName: "Marie Curie", ProfileKey: "marie-curie",
		SalesKey: "ACwAAA1", Email: "marie@radium.fr", Company: "Radium", CompanyKey: "radium", Title: "Director",
		Seniority: SeniorityDirector, Department: "data", Location: "Paris, France", TimeZone: "Europe/Paris",
		Industry: "Research", EmployeesMin: 11, EmployeesMax: 50, OpenProfile: true, Premium: true,
		MutualConnections: 4, Custom: map[string]string{"a": "1"}, Lists: []string{"q1"}}
	got := full
	got.Custom = map[string]string{"a": "1"}
	got.Fill(&Lead{})
	if got.Title != full.Title || got.Email != full.Email || got.TimeZone != full.TimeZone || !got.OpenProfile ||
		got.MutualConnections != 4 || got.EmployeesMax != 50 || got.Custom["a"] != "1" || !slices.Equal(got.Lists, full.Lists) {
		t.Errorf("filling from an empty lead changed %+v into %+v", full, got)
	}
	var empty Lead
	empty.Fill(&full)
	if empty.Title != full.Title || empty.ProfileKey != full.ProfileKey || empty.Seniority != full.Seniority ||
		empty.TimeZone != full.TimeZone || empty.Custom["a"] != "1" || !empty.Premium {
		t.Errorf("filling an empty lead gave %+v", empty)
	}
	// A newer source updates what changes over time but keeps identity.
	moved := Lead{FirstName: "Maria", Title: "Professor", Seniority: SeniorityEntry, Company: "Sorbonne", CompanyKey: "sorbonne"}
	got.Fill(&moved)
	if got.FirstName != "Marie" || got.Title != "Professor" || got.Seniority != SeniorityEntry || got.CompanyKey != "sorbonne" {
		t.Errorf("update gave %+v", got)
	}
}
