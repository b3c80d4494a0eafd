package sequence

import "testing"

func TestSuggest(t *testing.T) {
	t.Parallel()
	known := append(BuiltInFields(), "topic", "company_domain")
	tests := []struct{ name, want string }{
		{"first_nme", "first_name"},
		{"frist_name", "first_name"}, // two letters swapped is one edit
		{"FirstName", "first_name"},  // case is ignored
		{"compnay", "company"},
		{"company_domian", "company_domain"},
		{"titel", "title"},
		{"nme", "name"},
		{"topics", "topic"},
		{"favourite_colour", ""},
		{"xyz", ""},
		{"co", ""}, // too short to guess from
	}
	for _, tt := range tests {
		if got := suggest(tt.name, known); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
