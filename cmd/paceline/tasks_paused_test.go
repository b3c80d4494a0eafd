package main

import (
	"strings"
	"testing"
)

// The tasks of a paused account leave the to-do list: tasks list says they wait for
// the account to resume, not a time they will never be offered at; after accounts
// resume they are due again.
func TestTasksOfAPausedAccountWait(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 1)
	if out := mustCLI(t, db, "tasks", "list"); !strings.Contains(out, "due until") {
		t.Fatalf("tasks list before the pause:\n%s", out)
	}
	mustCLI(t, db, "accounts", "pause", "alice")
	out := mustCLI(t, db, "tasks", "list")
	if !strings.Contains(out, "waiting: account paused (offered again once it resumes)") || strings.Contains(out, "due until") {
		t.Fatalf("tasks list of the paused account:\n%s", out)
	}
	mustCLI(t, db, "accounts", "resume", "alice")
	if out := mustCLI(t, db, "tasks", "list"); !strings.Contains(out, "due until") {
		t.Fatalf("tasks list after the resume:\n%s", out)
	}
}
