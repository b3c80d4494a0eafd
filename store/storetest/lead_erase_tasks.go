package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// testEraseReleasesTaskSlots erases a lead whose assisted tasks hold ledger slots: an
// offered task's slot is recorded done when it is offered, and the erasure deletes the
// task, so the slot must be released in the same transaction (recorded failed, as when
// a task is closed unsent), under whichever reference the task names her and whatever
// re-plan it is at. A task she was sent keeps its slot counted, a planned one holds
// none, and another lead's offered task keeps its slot. While an agent holds one of her
// tasks under a lease that has not ended, the erasure is refused and changes nothing; a
// lease that ran out does not hold it back.
func testEraseReleasesTaskSlots(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	ts, ok := s.(paceline.TaskStore)
	if !ok {
		t.Fatalf("%T lacks the task store", s)
	}
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/ada-l,Ada L,ada@acme.com\n"+
		"https://www.linkedin.com/in/bob-b,Bob B,bob@acme.com\n", lead.ImportOptions{})
	withAccounts(t, s, "alice")
	at := Clock.Truncate(Precision)
	slot := func(key, ref string, kind paceline.ActionKind, r paceline.ActionResult) {
		t.Helper()
		a := &paceline.Action{Key: key, At: at, Account: "alice", Kind: kind, Lead: ref, Result: r, Campaign: "q1", Step: "s"}
		if err := s.RecordAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	task := func(key, ref string, kind paceline.ActionKind, state paceline.TaskState, attempt int) *paceline.Task {
		t.Helper()
		tk := &paceline.Task{Account: "alice", Key: key, Kind: kind, Lead: ref, ProfileURL: "https://www.linkedin.com/in/x",
			Todo: "Do it", Campaign: "q1", Step: "s", State: state, Attempt: attempt, Due: at, Expires: at.Add(8 * time.Hour)}
		if _, err := ts.CreateTask(ctx, tk); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	// Each ledger row in the order written, with the result it must have after the
	// erasure.
	var want []paceline.ActionResult
	row := func(key, ref string, kind paceline.ActionKind, now, after paceline.ActionResult) {
		t.Helper()
		slot(key, ref, kind, now)
		want = append(want, after)
	}
	done, failed := paceline.ResultDone, paceline.ResultFailed

	task("q1/ada-l/connect", "ada-l", paceline.KindInvite, paceline.TaskOffered, 1)
	row("q1/ada-l/connect", "ada-l", paceline.KindInvite, done, failed)
	// Offered at its third slot, under her email: the two before were released.
	task("q1/email:ada@acme.com/inmail", "email:ada@acme.com", paceline.KindInMail, paceline.TaskOffered, 3)
	row("q1/email:ada@acme.com/inmail", "email:ada@acme.com", paceline.KindInMail, failed, failed)
	row("q1/email:ada@acme.com/inmail#r1", "email:ada@acme.com", paceline.KindInMail, failed, failed)
	row("q1/email:ada@acme.com/inmail#r2", "email:ada@acme.com", paceline.KindInMail, done, failed)
	// Carried out: it counts.
	task("q1/in:ada-l/visit", "in:ada-l", paceline.KindVisit, paceline.TaskDone, 1)
	row("q1/in:ada-l/visit", "in:ada-l", paceline.KindVisit, done, done)
	// Planned again: its first slot was released then, and it holds no other.
	task("q1/ada-l/follow", "ada-l", paceline.KindFollow, paceline.TaskPlanned, 2)
	row("q1/ada-l/follow", "ada-l", paceline.KindFollow, failed, failed)
	// Leased by an agent.
	leased := task("q1/ada-l/like", "ada-l", paceline.KindLikePost, paceline.TaskOffered, 1)
	row("q1/ada-l/like", "ada-l", paceline.KindLikePost, done, failed)
	leased.State, leased.Holder, leased.LeaseID, leased.LeaseUntil = paceline.TaskLeased, "laptop", "lease-1", at.Add(5*time.Minute)
	if err := ts.UpdateTask(ctx, leased, paceline.TaskOffered); err != nil {
		t.Fatal(err)
	}
	// Bob's.
	task("q1/bob-b/connect", "bob-b", paceline.KindInvite, paceline.TaskOffered, 1)
	row("q1/bob-b/connect", "bob-b", paceline.KindInvite, done, done)

	dump := func() string {
		t.Helper()
		var b strings.Builder
		for _, q := range []string{
			`SELECT key || ' ' || lead || ' ' || result FROM actions ORDER BY id`,
			`SELECT key || ' ' || state FROM tasks ORDER BY id`,
		} {
			rows, err := db.Rows(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			b.WriteString(strings.Join(rows, "\n") + "\n")
		}
		return b.String()
	}
	ada := mustLeadByKey(t, s, "in", "ada-l").ID

	before := dump()
	if _, err := s.EraseLead(ctx, ada); paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(paceline.ErrorMessage(err), "agent holds it") {
		t.Fatalf("erase while an agent holds a task of hers: %v, want a conflict that says so", err)
	}
	if after := dump(); after != before {
		t.Fatalf("a refused erasure changed the ledger or the tasks:\n%s\nwas\n%s", after, before)
	}
	mustLeadByKey(t, s, "in", "ada-l")

	// The lease ran out without a report: the task is as good as offered.
	leased.LeaseUntil = at.Add(-time.Minute)
	if err := ts.UpdateTask(ctx, leased, paceline.TaskLeased); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseLead(ctx, ada); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Rows(`SELECT key || ' ' || result FROM actions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Fatalf("%d ledger rows after the erasure, %d before: %q", len(rows), len(want), rows)
	}
	for i, r := range rows {
		f := strings.Fields(r)
		if len(f) != 2 || f[1] != string(want[i]) {
			t.Errorf("ledger row %d after the erasure: %q, want result %s", i+1, r, want[i])
		}
	}
	if last := strings.TrimSpace(rows[len(rows)-1]); last != "q1/bob-b/connect done" {
		t.Errorf("bob's slot after ada's erasure: %q, want it unchanged", last)
	}
	left, err := db.Rows(`SELECT key FROM tasks ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || strings.TrimSpace(left[0]) != "q1/bob-b/connect" {
		t.Errorf("tasks after the erasure: %q, want bob's alone", left)
	}
}
