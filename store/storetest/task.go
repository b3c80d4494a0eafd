package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testTasks checks the hand-off task store: one task per action key, the listing
// order and filters, the compare-and-set that keeps two agents off one task, the
// release of a reserved ledger slot, and agent tokens.
func testTasks(t *testing.T, s Store) {
	ts, ok := s.(paceline.TaskStore)
	if !ok {
		t.Fatalf("%T does not implement paceline.TaskStore", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob")
	due := Clock.Add(-time.Hour).Truncate(Precision)
	task := func(acct, key string, due time.Time) *paceline.Task {
		return &paceline.Task{
			Account: acct, Key: key, Kind: paceline.KindInvite, Lead: "in:ada", ProfileURL: "https://www.linkedin.com/in/ada",
			WithNote: true, Text: "Hi Ada, é ✓", Todo: "Send an invite", Campaign: "c", Step: "connect",
			State: paceline.TaskOffered, Due: due, Expires: due.Add(8 * time.Hour),
		}
	}

	first := task("alice", "c/in:ada/connect", due)
	created, err := ts.CreateTask(ctx, first)
	if err != nil || !created || first.ID == 0 {
		t.Fatalf("CreateTask: created %v id %d err %v", created, first.ID, err)
	}
	again := task("alice", "c/in:ada/connect", due.Add(time.Hour))
	again.Text = "other words"
	if created, err := ts.CreateTask(ctx, again); err != nil || created {
		t.Fatalf("CreateTask of a known key: created %v err %v", created, err)
	}
	if again.ID != first.ID || again.Text != first.Text || !again.Due.Equal(first.Due) {
		t.Fatalf("CreateTask of a known key gave %+v, want the stored task %+v", again, first)
	}
	got, err := ts.Task(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "Hi Ada, é ✓" || got.Kind != paceline.KindInvite || !got.WithNote || got.Attempt != 1 ||
		got.State != paceline.TaskOffered || !got.Due.Equal(due) || !got.Expires.Equal(due.Add(8*time.Hour)) ||
		got.ProfileURL != first.ProfileURL || got.Todo != first.Todo || got.Step != "connect" {
		t.Fatalf("Task = %+v", got)
	}
	if _, err := ts.Task(ctx, 999); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("Task(999): %v, want ENOTFOUND", err)
	}
	if _, err := ts.CreateTask(ctx, task("nobody", "k", due)); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("CreateTask for a missing account: %v, want ENOTFOUND", err)
	}
	bad := task("alice", "", due)
	wantCode(t, func() error { _, err := ts.CreateTask(ctx, bad); return err }(), paceline.EINVALID)

	// Listing: open tasks, oldest slot first, by account.
	if _, err := ts.CreateTask(ctx, task("alice", "early", due.Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	bob1 := task("bob", "bob1", due)
	bob1.State, bob1.Outcome, bob1.DoneAt = paceline.TaskDone, "nothing to do", due
	if _, err := ts.CreateTask(ctx, bob1); err != nil {
		t.Fatal(err)
	}
	if got, err := ts.TaskByKey(ctx, "bob1"); err != nil || got.Outcome != "nothing to do" || !got.DoneAt.Equal(due) || got.State != paceline.TaskDone {
		t.Fatalf("a task created done = %+v, %v", got, err)
	}
	list, err := ts.Tasks(ctx, paceline.TaskFilter{Account: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Key != "early" || list[1].Key != first.Key {
		t.Fatalf("Tasks(alice) = %v", keys(list))
	}
	bobs, err := ts.Tasks(ctx, paceline.TaskFilter{Lead: "in:ada", Account: "bob", States: []paceline.TaskState{paceline.TaskDone}})
	if err != nil || len(bobs) != 1 || bobs[0].Key != "bob1" {
		t.Fatalf("Tasks(bob, in:ada) = %v, %v", keys(bobs), err)
	}
	if none, err := ts.Tasks(ctx, paceline.TaskFilter{Lead: "in:nobody"}); err != nil || len(none) != 0 {
		t.Fatalf("Tasks(in:nobody) = %v, %v", keys(none), err)
	}
	all, err := ts.Tasks(ctx, paceline.TaskFilter{Limit: 2, States: []paceline.TaskState{paceline.TaskOffered, paceline.TaskDone}})
	if err != nil || len(all) != 2 {
		t.Fatalf("Tasks(limit 2) = %d tasks, %v", len(all), err)
	}

	// Compare-and-set: of racing leases exactly one wins.
	const racers = 8
	wins := make(chan int, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := *got
			c.State, c.Holder, c.LeaseID, c.LeaseUntil = paceline.TaskLeased, "agent", "lease", Clock.Add(time.Minute)
			err := ts.UpdateTask(ctx, &c, paceline.TaskOffered)
			switch paceline.ErrorCode(err) {
			case "":
				wins <- i
			case paceline.ECONFLICT:
			default:
				t.Errorf("UpdateTask: %v", err)
			}
		}()
	}
	wg.Wait()
	close(wins)
	if n := len(wins); n != 1 {
		t.Fatalf("%d leases won the race, want 1", n)
	}
	leased, err := ts.TaskByKey(ctx, first.Key)
	if err != nil || leased.State != paceline.TaskLeased || leased.Holder != "agent" || !leased.LeaseUntil.Truncate(Precision).Equal(Clock.Add(time.Minute).Truncate(Precision)) {
		t.Fatalf("TaskByKey after lease = %+v, %v", leased, err)
	}
	leased.State, leased.Outcome, leased.DoneAt = paceline.TaskDone, "sent", Clock
	if err := ts.UpdateTask(ctx, leased, paceline.TaskLeased); err != nil {
		t.Fatal(err)
	}
	done, err := ts.Tasks(ctx, paceline.TaskFilter{Account: "alice", States: []paceline.TaskState{paceline.TaskDone}})
	if err != nil || len(done) != 1 || done[0].Outcome != "sent" || done[0].DoneAt.IsZero() {
		t.Fatalf("done tasks = %v, %v", keys(done), err)
	}
	missing := *leased
	missing.ID = 999
	wantCode(t, ts.UpdateTask(ctx, &missing, paceline.TaskDone), paceline.ENOTFOUND)

	// A reserved slot is released by changing its ledger result.
	a := &paceline.Action{Key: "slot", At: due, Account: "alice", Kind: paceline.KindInvite, Lead: "in:ada", Result: paceline.ResultDone}
	if err := s.RecordAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetActionResult(ctx, "slot", paceline.ResultFailed); err != nil {
		t.Fatal(err)
	}
	acts, err := s.Actions(ctx, "alice", due, due.Add(time.Second))
	if err != nil || len(acts) != 1 || acts[0].Counts() {
		t.Fatalf("actions after release = %+v, %v", acts, err)
	}
	wantCode(t, ts.SetActionResult(ctx, "nope", paceline.ResultFailed), paceline.ENOTFOUND)

	// Agent tokens: stored by hash, names unique.
	if err := ts.CreateAgentToken(ctx, "ext", "alice", "hash1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ts.CreateAgentToken(ctx, "ext", "", "hash2"), paceline.ECONFLICT)
	if name, acct, err := ts.AgentTokenByHash(ctx, "hash1"); err != nil || name != "ext" || acct != "alice" {
		t.Fatalf("AgentTokenByHash = %q %q %v", name, acct, err)
	}
	_, _, err = ts.AgentTokenByHash(ctx, "hash2")
	wantCode(t, err, paceline.ENOTFOUND)
}

func keys(ts []*paceline.Task) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Key
	}
	return out
}
