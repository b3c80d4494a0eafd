package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/store/sqlite"
)

// withTasks makes a database with an assist account working every hour of every day
// (so the tests do not depend on when they run) and hands it n invites due now.
func withTasks(t *testing.T, n int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free", "--executor", "assist",
		"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun", "--min-gap", "0s", "--beyond-safe-limits",
		// A day's invites are spread over the working day: with LinkedIn's cap the
		// first slot of a day came up to an hour after midnight, and a task released and
		// offered again in that hour waited for it (the tests failed from 00:00 to 01:00
		// UTC). With this cap the slots are seconds apart.
		"--cap", "invite=100000")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	desk := &assist.Desk{Store: st}
	now := time.Now().UTC()
	for i := range n {
		a := paceline.Action{Key: "q1/lead" + strconv.Itoa(i) + "/connect", At: now, Account: "alice", Kind: paceline.KindInvite,
			Lead: "lead-" + strconv.Itoa(i), WithNote: true, Campaign: "q1", Step: "connect"}
		out, err := desk.ExecuteText(ctx, a, engine.Text{Note: "Hi Lee,\nglad to connect"})
		if err != nil {
			t.Fatal(err)
		}
		a.Result = out.Result
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func tasksJSON(t *testing.T, db string, args ...string) []taskView {
	t.Helper()
	var list []taskView
	out := mustCLI(t, db, append([]string{"tasks", "list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return list
}

func TestTasksListAndDone(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 3)
	list := tasksJSON(t, db, "--account", "alice")
	if len(list) != 3 {
		t.Fatalf("%d tasks listed, want 3", len(list))
	}
	first := list[0]
	if first.State != "offered" || first.ProfileURL != "https://www.linkedin.com/in/lead-0/" ||
		first.Text != "Hi Lee,\nglad to connect" || !strings.Contains(first.Todo, "connection request") {
		t.Fatalf("task = %+v", first)
	}
	human := mustCLI(t, db, "tasks", "list")
	for _, want := range []string{"#1  alice  invite", first.Todo, "    | glad to connect", "3 tasks", "paceline tasks done ID"} {
		if !strings.Contains(human, want) {
			t.Errorf("list lacks %q:\n%s", want, human)
		}
	}

	out := mustCLI(t, db, "tasks", "done", strconv.FormatInt(first.ID, 10))
	if !strings.Contains(out, "recorded as sent") {
		t.Fatalf("done said %q", out)
	}
	out = mustCLI(t, db, "tasks", "done", strconv.FormatInt(list[1].ID, 10), "--outcome", "skipped")
	if !strings.Contains(out, "released") {
		t.Fatalf("skip said %q", out)
	}
	mustCLI(t, db, "tasks", "done", strconv.FormatInt(list[2].ID, 10), "--outcome", "limit-notice")
	if open := tasksJSON(t, db); len(open) != 1 || open[0].State != "planned" {
		t.Fatalf("open tasks after a limit notice: %+v, want the refused one planned again", open)
	}
	done := tasksJSON(t, db, "--state", "done,skipped")
	if len(done) != 2 {
		t.Fatalf("%d done or skipped tasks, want 2", len(done))
	}
	// Marking it again is harmless; another outcome is refused.
	mustCLI(t, db, "tasks", "done", strconv.FormatInt(first.ID, 10))
	if code, _, errOut := cli(t, db, "tasks", "done", strconv.FormatInt(first.ID, 10), "--outcome", "failed"); code != exitFailed || !strings.Contains(errOut, "already reported sent") {
		t.Fatalf("another outcome: exit %d %s", code, errOut)
	}

	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.Events(context.Background(), "alice", time.Time{}, time.Now().Add(time.Hour))
	if err != nil || len(evs) != 1 || evs[0].Type != paceline.EventLimitHit {
		t.Fatalf("events = %+v %v, want one limit notice", evs, err)
	}
	acts, _ := st.Actions(context.Background(), "alice", time.Time{}, time.Now().Add(time.Hour))
	counts := 0
	for i := range acts {
		if acts[i].Counts() {
			counts++
		}
	}
	if counts != 1 {
		t.Fatalf("%d actions count, want only the sent one", counts)
	}
}

func TestTasksErrors(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 1)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tasks", "done", "abc"}, exitFailed, "not a task ID"},
		{[]string{"tasks", "done", "99"}, exitFailed, "task 99 does not exist"},
		{[]string{"tasks", "done", "1", "--outcome", "posted"}, exitFailed, "not an outcome"},
		{[]string{"tasks", "done"}, exitUsage, "wants the task's ID"},
		{[]string{"tasks", "list", "--state", "bogus"}, exitFailed, "not a task state"},
		{[]string{"tasks", "list", "--account", "nobody"}, exitFailed, "does not exist"},
		{[]string{"tasks", "token"}, exitFailed, "--name"},
		{[]string{"tasks", "token", "--name", "x", "--account", "nobody"}, exitFailed, "nobody"},
	}
	for _, tt := range tests {
		code, _, errOut := cli(t, db, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("paceline %s: exit %d %q, want %d with %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
		}
	}
	if code, _, errOut := cli(t, filepath.Join(t.TempDir(), "none.db"), "tasks", "list"); code != exitFailed || !strings.Contains(errOut, "no database") {
		t.Errorf("list without a database: exit %d %s", code, errOut)
	}
}

func TestTasksToken(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 0)
	code, out, errOut := cli(t, db, "tasks", "token", "--name", "ext", "--account", "alice")
	tok := strings.TrimSpace(out)
	if code != exitOK || !strings.HasPrefix(tok, agentTokenPrefix) || !strings.Contains(errOut, "shown once") {
		t.Fatalf("token: exit %d %q %q", code, out, errOut)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if name, acct, err := st.AgentTokenByHash(context.Background(), paceline.HashSecret(tok)); err != nil || name != "ext" || acct != "alice" {
		t.Fatalf("stored token: %q %q %v", name, acct, err)
	}
	if code, _, errOut := cli(t, db, "tasks", "token", "--name", "ext"); code != exitFailed || !strings.Contains(errOut, "already exists") {
		t.Fatalf("duplicate name: exit %d %s", code, errOut)
	}
}
