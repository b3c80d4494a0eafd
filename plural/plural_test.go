package plural_test

import (
	"fmt"
	"testing"

	"github.com/paceline/paceline/plural"
)

func TestCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n          int
		noun, want string
	}{
		{0, "lead", "0 leads"},
		{1, "lead", "1 lead"},
		{2, "lead", "2 leads"},
		{-1, "lead", "-1 lead"},
		{1, "key hash", "1 key hash"},
		{2, "key hash", "2 key hashes"},
		{3, "reply", "3 replies"},
		{3, "day", "3 days"},
		{2, "inbox", "2 inboxes"},
		{2, "match", "2 matches"},
		{2, "status", "2 statuses"},
		{1, "duplicate", "1 duplicate"},
		{5, "duplicate", "5 duplicates"},
	} {
		if got := plural.Count(tc.n, tc.noun); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}

func TestVerb(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "were", 1: "was", 2: "were"} {
		if got := plural.Verb(n, "was", "were"); got != want {
			t.Errorf("Verb(%d) = %q, want %q", n, got, want)
		}
	}
}

func ExampleCount() {
	fmt.Println(plural.Count(1, "lead") + ", " + plural.Count(2, "key hash") + ", " + plural.Count(0, "reply"))
	// Output: 1 lead, 2 key hashes, 0 replies
}
