package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
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
	if !strings.Contains(out, "  account alice is paused: its tasks are offered again at slots the Pacer gives once it resumes (paceline accounts resume alice)") ||
		strings.Contains(out, "due until") {
		t.Fatalf("tasks list of the paused account:\n%s", out)
	}
	if list := tasksJSON(t, db); len(list) != 1 || list[0].State != "paused" || !strings.Contains(list[0].PausedReason, "account alice is paused") {
		t.Errorf("tasks list --json of the paused account: %+v", list)
	}
	if list := tasksJSON(t, db, "--state", "paused"); len(list) != 1 || list[0].State != "paused" {
		t.Errorf("tasks list --state paused of the paused account: %+v", list)
	}
	mustCLI(t, db, "accounts", "resume", "alice")
	if out := mustCLI(t, db, "tasks", "list"); !strings.Contains(out, "due until") {
		t.Fatalf("tasks list after the resume:\n%s", out)
	}
	if list := tasksJSON(t, db, "--state", "paused,planned"); len(list) != 0 {
		t.Errorf("tasks list --state paused,planned after the resume (the task is offered): %+v", list)
	}
	if list := tasksJSON(t, db, "--state", "paused"); len(list) != 0 {
		t.Errorf("tasks list --state paused after the resume: %+v", list)
	}

	// The fixture's tasks belong to campaign q1, which has no lead to start it with, and
	// campaigns pause refuses a draft: the campaign is paused in the store directly.
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--accounts", "alice")
	rdb, err := (&app{dbPath: db}).openRuntimeDB(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	err = rdb.store.SetCampaignState(t.Context(), "q1", paceline.CampaignPaused, "holiday")
	rdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out := mustCLI(t, db, "tasks", "list"); !strings.Contains(out, "  campaign q1 is paused (holiday)") || strings.Contains(out, "due until") {
		t.Errorf("tasks list of the paused campaign:\n%s", out)
	}
}

// --state paused reads the planned tasks and keeps the paused ones; with planned too,
// every planned task stays.
func TestTaskStatePausedFilter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		flag       string
		states     []paceline.TaskState
		onlyPaused bool
	}{
		{"paused", []paceline.TaskState{paceline.TaskPlanned}, true},
		{"paused,offered", []paceline.TaskState{paceline.TaskPlanned, paceline.TaskOffered}, true},
		{"paused,planned", []paceline.TaskState{paceline.TaskPlanned}, false},
		{"planned", []paceline.TaskState{paceline.TaskPlanned}, false},
	} {
		states, only, err := parseTaskStates(tc.flag)
		if err != nil || !slices.Equal(states, tc.states) || only != tc.onlyPaused {
			t.Errorf("parseTaskStates(%q) = %v, %v, %v; want %v, %v", tc.flag, states, only, err, tc.states, tc.onlyPaused)
		}
	}
	list := []*paceline.Task{{ID: 1, State: paceline.TaskPlanned}, {ID: 2, State: paceline.TaskPlanned}, {ID: 3, State: paceline.TaskOffered}}
	got := keepPaused(list, map[int64]string{2: "account alice is paused"})
	if len(got) != 2 || got[0].ID != 2 || got[1].ID != 3 {
		t.Errorf("keepPaused kept %v, want tasks 2 (paused) and 3 (offered)", got)
	}
}
