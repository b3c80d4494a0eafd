package lead

import "testing"

// A stored lead is spared a restored entry only when every listed key is an email
// spread from a LinkedIn key of a kind it holds and has not suppressed.
func TestSpreadApart(t *testing.T) {
	amy := Key{KeyProfile, "amy"}
	sales := Key{KeySales, "ACwAAamy"}
	info := Key{KeyEmail, "info@acme.com"}
	tests := []struct {
		name   string
		keys   []Key
		listed map[string]string
		want   bool
	}{
		{"another profile", []Key{amy, info}, map[string]string{info.Hash(): "spread from in"}, true},
		{"in and sales", []Key{amy, info}, map[string]string{info.Hash(): "spread from in and sales"}, true},
		{"no key of the kind", []Key{sales, info}, map[string]string{info.Hash(): "spread from in"}, false},
		{"no LinkedIn key", []Key{info}, map[string]string{info.Hash(): "spread from in"}, false},
		{"own profile listed", []Key{amy, info}, map[string]string{info.Hash(): "spread from in", amy.Hash(): "opted out"}, false},
		{"plain opt-out", []Key{amy, info}, map[string]string{info.Hash(): "opted out"}, false},
		{"nothing listed", []Key{amy, info}, map[string]string{}, false},
	}
	for _, tt := range tests {
		if got := SpreadApart(tt.keys, tt.listed); got != tt.want {
			t.Errorf("%s: SpreadApart = %v, want %v", tt.name, got, tt.want)
		}
	}
}
