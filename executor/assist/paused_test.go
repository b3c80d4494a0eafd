package assist_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// A paused account acts on nothing: what it was offered goes back to planned with its
// slot released, no agent gets a lease and nothing new is offered, until it resumes.
// A person who did a task just before the pause may still report it sent.
func TestPausedAccountIsOfferedNothing(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	ada := handOff(t, d, st, invite("q1/ada/connect", "ada", monday), "Hi")
	bob := handOff(t, d, st, invite("q1/bob/connect", "bob", monday.Add(2*time.Minute)), "Hi")
	setState := func(s paceline.AccountState) {
		t.Helper()
		acct, err := st.Account(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		acct.State = s
		if err := st.UpdateAccount(ctx, acct); err != nil {
			t.Fatal(err)
		}
	}
	// An agent holds Ada's task when the account is paused; its lease runs out.
	if leased, err := d.Lease(ctx, "alice", "bot", time.Minute); err != nil || leased.ID != ada.ID {
		t.Fatalf("lease: %+v %v, want ada's task", leased, err)
	}
	setState(paceline.AccountPaused)
	c.t = monday.Add(5 * time.Minute)
	res, err := d.Sweep(ctx, "alice")
	if err != nil || res.Paused != 2 || res.Offered != 0 {
		t.Fatalf("sweep of the paused account: %+v %v, want both tasks taken back (the lease of one ran out)", res, err)
	}
	if n := counted(t, st); n != 0 {
		t.Fatalf("%d counted actions on the paused account, want the slots released", n)
	}
	if _, err := d.Lease(ctx, "alice", "bot", time.Minute); paceline.ErrorCode(err) != paceline.ENOTFOUND || !strings.Contains(paceline.ErrorMessage(err), "paused") {
		t.Fatalf("lease on the paused account: %v, want ENOTFOUND saying it is paused", err)
	}
	c.t = monday.Add(time.Hour)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 0 {
		t.Fatalf("sweep of the paused account an hour later: %+v %v, want nothing offered", res, err)
	}
	// Ada's invite had gone out just before the pause.
	if got, err := d.Finish(ctx, ada.ID, assist.Report{Outcome: assist.OutcomeSent}); err != nil || got.State != paceline.TaskDone {
		t.Fatalf("ada's task reported sent after the pause: %+v %v, want done", got, err)
	}
	if n := counted(t, st); n != 1 {
		t.Fatalf("%d counted actions after ada's report, want 1", n)
	}
	setState(paceline.AccountActive)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 1 {
		t.Fatalf("sweep after the resume: %+v %v, want bob's task offered again", res, err)
	}
	got, _ := st.Task(ctx, bob.ID)
	if got.State != paceline.TaskOffered {
		t.Fatalf("bob's task after the resume: %s, want offered", got.State)
	}
}

// A paused campaign's offered tasks are taken back, and offered again once it resumes;
// another campaign's tasks on the account stay.
func TestPausedCampaignIsOfferedNothing(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	paused := map[string]bool{}
	d.CampaignPausedFunc = func(_ context.Context, campaign string) (bool, error) { return paused[campaign], nil }
	ada := handOff(t, d, st, invite("q1/ada/connect", "ada", monday), "Hi")
	other := invite("q2/bob/connect", "bob", monday.Add(2*time.Minute))
	other.Campaign = "q2"
	bob := handOff(t, d, st, other, "Hi")
	paused["q1"] = true
	c.t = monday.Add(5 * time.Minute)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Paused != 1 {
		t.Fatalf("sweep with q1 paused: %+v %v, want ada's task taken back", res, err)
	}
	if got, _ := st.Task(ctx, ada.ID); got.State != paceline.TaskPlanned || got.Outcome != "campaign paused" {
		t.Fatalf("ada's task with q1 paused: %s (%s), want planned, campaign paused", got.State, got.Outcome)
	}
	if got, _ := st.Task(ctx, bob.ID); got.State != paceline.TaskOffered {
		t.Fatalf("bob's task of q2: %s, want still offered", got.State)
	}
	if n := counted(t, st); n != 1 {
		t.Fatalf("%d counted actions with q1 paused, want bob's only", n)
	}
	c.t = monday.Add(time.Hour)
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 0 {
		t.Fatalf("sweep an hour later with q1 still paused: %+v %v, want nothing offered", res, err)
	}
	paused["q1"] = false
	if res, err := d.Sweep(ctx, "alice"); err != nil || res.Offered != 1 {
		t.Fatalf("sweep after q1 resumed: %+v %v, want ada's task offered again", res, err)
	}
}
