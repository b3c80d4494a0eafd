package main

import (
	"strings"
	"testing"
)

// A task refused with a limit notice waits for a later slot; a person can still drop
// it at once with --outcome skipped, while sent waits for the slot and the refusal
// says how to drop it.
func TestTasksDoneSkipsTaskWaitingAfterLimitNotice(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 1)
	mustCLI(t, db, "tasks", "done", "1", "--outcome", "limit-notice")
	if code, _, errOut := cli(t, db, "tasks", "done", "1", "--outcome", "sent"); code != exitFailed || !strings.Contains(errOut, "report it skipped") {
		t.Errorf("sent before the next slot: exit %d, %q; want it refused, saying how to drop the task", code, errOut)
	}
	out := mustCLI(t, db, "tasks", "done", "1", "--outcome", "skipped")
	if !strings.Contains(out, "recorded as skipped") {
		t.Errorf("tasks done --outcome skipped said %q", out)
	}
	if list := tasksJSON(t, db, "--state", "skipped"); len(list) != 1 || list[0].ID != 1 {
		t.Errorf("skipped tasks after the skip: %+v, want task 1", list)
	}
}
