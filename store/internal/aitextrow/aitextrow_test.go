package aitextrow

import (
	"fmt"
	"testing"

	"github.com/paceline/paceline/personalize/aiwrite"
)

func TestWhere(t *testing.T) {
	t.Parallel()
	in := func(st []string) (string, []any) { return "status IN ?", []any{st} }
	tests := []struct {
		name   string
		f      aiwrite.EntryFilter
		clause string
		args   string
		none   bool
	}{
		{"all", aiwrite.EntryFilter{}, "", "[]", false},
		{"no status at all", aiwrite.EntryFilter{Statuses: []aiwrite.Status{}}, "", "[]", true},
		{"statuses, unsent", aiwrite.EntryFilter{Statuses: []aiwrite.Status{"held"}, Unsent: true},
			"WHERE status IN ? AND payload <> '' AND sent_at IS NULL", "[[held]]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clause, args, none := Where(tt.f, in)
			if clause != tt.clause || fmt.Sprint(args) != tt.args || none != tt.none {
				t.Fatalf("Where = %q, %v, %v; want %q, %s, %v", clause, args, none, tt.clause, tt.args, tt.none)
			}
		})
	}
}
