package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The command a message hands the user to paste names the campaign quoted when its
// name holds a space: "paceline campaigns start spring push" would start "spring".
func TestCampaignCommandsQuoteTheName(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"campaigns", "create", "--name", "spring push", "--accounts", "alice"}, "start it with: paceline campaigns start 'spring push'\n"},
		{[]string{"campaigns", "pause", "spring push"}, "resume it with: paceline campaigns start 'spring push'\n"},
	} {
		if out := mustCLI(t, db, tc.args...); !strings.Contains(out, tc.want) {
			t.Errorf("%v: %q, want %q", tc.args, out, tc.want)
		}
	}
}
