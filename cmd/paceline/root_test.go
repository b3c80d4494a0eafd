package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A flag value of the wrong type is a usage error that says what the flag wants and
// points at the help of the command it was given to, never at Go's number parser.
func TestFlagValueErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"leads", "list", "--limit", "abc"}, `--limit: "abc" is not a whole number`},
		{[]string{"simulate", "--seed", "-1"}, `--seed: "-1" is not a whole number of 0 or more`},
		{[]string{"limits", "plan", "--type", "free", "--safety", "most"}, `--safety: "most" is not a number`},
		{[]string{"accounts", "list", "--json=maybe"}, `--json: "maybe" is not true or false`},
		{[]string{"webhooks", "test", "1", "--timeout", "soon"}, `--timeout: "soon" is not a duration`},
	}
	for _, tt := range tests {
		db := filepath.Join(t.TempDir(), "p.db")
		code, _, errOut := cli(t, db, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("paceline %s: exit %d, stderr %q; want exit %d mentioning %q", strings.Join(tt.args, " "), code, errOut, exitUsage, tt.want)
		}
		if strings.Contains(errOut, "strconv") || strings.Contains(errOut, "invalid syntax") {
			t.Errorf("paceline %s: stderr shows the parser's words: %q", strings.Join(tt.args, " "), errOut)
		}
		help := "Run 'paceline " + strings.Join(tt.args[:2], " ") + " --help'"
		if tt.args[0] == "simulate" {
			help = "Run 'paceline simulate --help'"
		}
		if !strings.Contains(errOut, help) {
			t.Errorf("paceline %s: stderr %q does not point at %q", strings.Join(tt.args, " "), errOut, help)
		}
	}
}
