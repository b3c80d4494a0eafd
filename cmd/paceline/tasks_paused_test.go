package main

import (
	"strings"
	"testing"
)

// The tasks of a paused account leave the to-do list: tasks list says they are paused
// and what resumes them, not a time they will never be offered at; after accounts
// resume they are due again. A paused campaign's tasks say the same, as the API's and
// the dashboard's task views do.
func TestTasksOfAPausedAccountWait(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 1)
	if out := mustCLI(t, db, "tasks", "list"); !strings.Contains(out, "due until") {
		t.Fatalf("tasks list before the pause:\n%s", out)
	}
	mustCLI(t, db, "accounts", "pause", "alice")
	out := mustCLI(t, db, "tasks", "list")
	if !strings.Contains(out, "paused: account alice is paused: its tasks are offered again at slots the Pacer gives once it resumes (paceline accounts resume alice)") ||
		strings.Contains(out, "due until") {
		t.Fatalf("tasks list of the paused account:\n%s", out)
	}
	if list := tasksJSON(t, db); len(list) != 1 || list[0].State != "paused" || !strings.Contains(list[0].PausedReason, "account alice is paused") {
		t.Errorf("tasks list --json of the paused account: %+v", list)
	}
	mustCLI(t, db, "accounts", "resume", "alice")
	if out := mustCLI(t, db, "tasks", "list"); !strings.Contains(out, "due until") {
		t.Fatalf("tasks list after the resume:\n%s", out)
	}

	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--accounts", "alice")
	mustCLI(t, db, "campaigns", "pause", "q1", "--reason", "holiday")
	if out := mustCLI(t, db, "tasks", "list"); !strings.Contains(out, "paused: campaign q1 is paused (holiday)") || strings.Contains(out, "due until") {
		t.Errorf("tasks list of the paused campaign:\n%s", out)
	}
}
