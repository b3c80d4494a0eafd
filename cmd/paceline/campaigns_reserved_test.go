package main

import (
	"strings"
	"testing"
)

// campaigns status counts what was carried out: an assisted account's invite waiting
// for a person has its slot reserved in the ledger but was not sent. Counted, the
// status said "invite 95" and then, once tasks list had expired the waiting ones,
// "invite 76".
func TestCampaignStatusLeavesOutTasksWaitingForAPerson(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 3) // three invites of campaign q1, offered to alice's person
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--accounts", "alice")
	invites := func() string {
		t.Helper()
		for _, line := range strings.Split(mustCLI(t, db, "campaigns", "status", "q1"), "\n") {
			if f := strings.Fields(line); len(f) == 2 && f[0] == "invite" {
				return f[1]
			}
		}
		return "none"
	}
	if got := invites(); got != "none" {
		t.Fatalf("status counts %s invites while all three wait for a person, want none", got)
	}
	list := tasksJSON(t, db)
	mustCLI(t, db, "tasks", "done", "#1")
	mustCLI(t, db, "tasks", "done", "2", "--outcome", "skipped")
	if got := invites(); got != "1" {
		t.Fatalf("status counts %s invites after one sent, one skipped and one waiting (of %d), want 1", got, len(list))
	}
}
