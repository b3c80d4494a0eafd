package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A bad --limit, --after or --min-score is named, with its value and what to give
// instead; they shared one message under "limit" that blamed --limit for a bad
// --min-score.
func TestLeadsListNamesTheBadFlag(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--limit", "-2"}, "limit: -2 is negative: give the most leads to list, or 0 for all"},
		{[]string{"--after", "-1"}, "after: -1 is not a lead ID"},
		{[]string{"--min-score", "200"}, "min-score: 200 is not a score: scores go from 0 to 100"},
	} {
		code, _, errOut := cli(t, db, append([]string{"leads", "list"}, tc.args...)...)
		if code != exitFailed || !strings.Contains(errOut, tc.want) {
			t.Errorf("leads list %v: exit %d, %q; want exit %d with %q", tc.args, code, errOut, exitFailed, tc.want)
		}
	}
}
