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

// A word that names no command is a usage error, at the root and in every group, with
// a suggestion when one is close; a group alone still prints its help.
func TestUnknownCommands(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"bogus"}, `paceline has no command "bogus"`},
		{[]string{"acounts"}, `paceline has no command "acounts" (did you mean accounts?)`},
		{[]string{"accounts", "lst"}, `paceline accounts has no command "lst" (did you mean list?)`},
		{[]string{"tasks", "review", "aprove"}, `paceline tasks review has no command "aprove" (did you mean approve?)`},
	}
	for _, tt := range tests {
		code, out, errOut := cli(t, db, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("paceline %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(tt.args, " "), code, out, errOut, exitUsage, tt.want)
		}
	}
	code, out, errOut := cli(t, db, "accounts")
	if code != exitOK || !strings.Contains(out, "Available Commands") || errOut != "" {
		t.Errorf("paceline accounts: exit %d, stdout %q, stderr %q; want its help", code, out, errOut)
	}
}

// The --db help says which default the demo takes instead: "(every command but demo)"
// read as if the demo took no database at all.
func TestDBFlagHelpNamesTheDemoDefault(t *testing.T) {
	t.Parallel()
	code, out, _ := cli(t, "", "--help")
	if code != exitOK || !strings.Contains(out, "(demo defaults to paceline-demo.db)") || strings.Contains(out, "every command but demo") {
		t.Errorf("paceline --help: exit %d\n%s", code, out)
	}
}
