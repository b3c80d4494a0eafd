package spell

import "testing"

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"company", "company", 0},
		{"compnay", "company", 1}, // a swap of neighbours is one edit
		{"topc", "topic", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"münchen", "munchen", 1}, // runes, not bytes
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
