package main

import (
	"strings"
	"testing"
)

// QA: tasks done 1 --outcome restricted a second time said "recorded as restricted"
// again, as if a second restriction had begun. A report that repeats the recorded one
// says it was already recorded and changed nothing; the restriction's end is the first
// report's.
func TestTasksDoneTwiceSaysAlreadyRecorded(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 2)
	first := mustCLI(t, db, "tasks", "done", "1", "--outcome", "restricted")
	second := mustCLI(t, db, "tasks", "done", "1", "--outcome", "restricted")
	if !strings.Contains(first, "Task #1 recorded as restricted") {
		t.Fatalf("first report: %q", first)
	}
	if !strings.Contains(second, "Task #1 was already recorded as restricted; nothing changed.") ||
		!strings.Contains(second, "alice is still restricted from the first report: it does nothing until ") || strings.Contains(second, "recorded as restricted:") {
		t.Errorf("second report: %q", second)
	}
	until := func(s string) string {
		_, after, _ := strings.Cut(s, "does nothing until ")
		v, _, _ := strings.Cut(after, ", then")
		return v
	}
	if until(first) == "" || until(first) != until(second) {
		t.Errorf("the restriction ends %q by the first report, %q by the second", until(first), until(second))
	}

	mustCLI(t, db, "tasks", "done", "2", "--outcome", "skipped")
	if out := mustCLI(t, db, "tasks", "done", "2", "--outcome", "skipped"); !strings.Contains(out, "Task #2 was already recorded as skipped; nothing changed.") {
		t.Errorf("skipped twice: %q", out)
	}
}
