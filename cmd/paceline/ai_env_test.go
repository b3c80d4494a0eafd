package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// runErr runs a paceline command in this process with its own environment lookup and
// returns its error.
func runErr(getenv func(string) string, db string, args ...string) error {
	var out strings.Builder
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: getenv}
	root := a.rootCmd()
	root.SetArgs(append(args, "--db", db))
	root.SetOut(&out)
	root.SetErr(&out)
	return root.Execute()
}

// The --ai-ban and --ai-allow lists default to PACELINE_AI_BAN and PACELINE_AI_ALLOW,
// read through the app's env hook and split at commas and newlines, in every command
// that judges AI texts; a flag on the command line wins.
func TestAIListsFromEnvironment(t *testing.T) {
	env := map[string]string{"PACELINE_AI_BAN": " circle back ,\nwide net\n\n", "PACELINE_AI_ALLOW": "Paceline"}
	a := &app{getenv: func(name string) string { return env[name] }}
	for _, path := range [][]string{{"serve"}, {"worker"}, {"personalize", "preview"}, {"tasks", "review", "approve"}} {
		cmd, _, err := a.rootCmd().Find(path)
		if err != nil {
			t.Fatal(err)
		}
		for flag, want := range map[string]string{"ai-ban": "[circle back,wide net]", "ai-allow": "[Paceline]"} {
			f := cmd.Flags().Lookup(flag)
			if f == nil {
				t.Errorf("%s has no --%s", strings.Join(path, " "), flag)
				continue
			}
			if f.DefValue != want {
				t.Errorf("%s --%s defaults to %s, want %s", strings.Join(path, " "), flag, f.DefValue, want)
			}
		}
	}
	var f aiFlags
	cmd := &cobra.Command{Use: "x"}
	a.addAIGuardFlags(cmd, &f)
	if err := cmd.Flags().Parse([]string{"--ai-ban", "synergy"}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.banned, []string{"synergy"}) {
		t.Errorf("--ai-ban synergy with PACELINE_AI_BAN set gives %q, want the flag's list", f.banned)
	}
}
