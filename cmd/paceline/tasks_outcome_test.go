package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline/executor/assist"
)

// TestTasksDoneHelpListsAcceptedOutcomes checks that tasks done's help names exactly
// the outcomes it accepts: it listed "sent, skipped, failed or limit-notice" while
// refused was accepted too.
func TestTasksDoneHelpListsAcceptedOutcomes(t *testing.T) {
	t.Parallel()
	_, help, _ := cli(t, "", "tasks", "done", "--help")
	_, parent, _ := cli(t, "", "tasks", "--help") // the Short line
	help += parent
	// The words a person might type that ParseOutcome accepts, besides "done" (which
	// the help names as sent).
	var accepted []string
	for _, w := range []string{"sent", "skipped", "skip", "failed", "refused", "limit-notice", "limit", "restricted", "restriction", "declined", "expired", "posted"} {
		if _, err := assist.ParseOutcome(w); err == nil {
			accepted = append(accepted, w)
		}
	}
	for _, prefix := range []string{"Record what happened to a task: ", "The outcome is one of ", "what happened: "} {
		i := strings.Index(help, prefix)
		if i < 0 {
			t.Fatalf("help lacks %q:\n%s", prefix, help)
		}
		line := help[i+len(prefix):]
		line = line[:strings.IndexAny(line, "(\n")]
		var listed []string
		for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' }) {
			if f != "or" {
				listed = append(listed, f)
			}
		}
		slices.Sort(listed)
		slices.Sort(accepted)
		if !slices.Equal(listed, accepted) {
			t.Errorf("%q lists %v, want exactly the accepted outcomes %v", prefix, listed, accepted)
		}
	}
	_, list, _ := cli(t, withTasks(t, 1), "tasks", "list")
	if want := "--outcome sent|skipped|failed|refused|limit-notice|restricted]"; !strings.Contains(list, want) {
		t.Errorf("tasks list's last line lacks %q:\n%s", want, list)
	}
}
