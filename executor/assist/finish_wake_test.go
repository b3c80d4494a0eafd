package assist_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
)

// An agent's report of what it saw (an accept) wakes the task's account, whose tick
// applies it: asleep until the wait for the accept times out, weeks later, it left the
// lead waiting. A report with nothing seen wakes nothing; a repeated one wakes again
// (the first wake may have failed); a wake that fails is an error that says to report
// again, the report itself kept.
func TestFinishWakesTheAccountOnEvents(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "Europe/Paris", monday)
	ctx := context.Background()
	var woken []string
	var fail error
	d.WakeFunc = func(_ context.Context, account string) error {
		woken = append(woken, account)
		return fail
	}
	plain := handOff(t, d, st, invite("q1/bea/connect", "bea", monday), "Hi")
	c.t = monday.Add(10 * time.Minute)
	if _, err := d.Finish(ctx, plain.ID, assist.Report{Outcome: assist.OutcomeSent}); err != nil {
		t.Fatal(err)
	}
	if len(woken) != 0 {
		t.Fatalf("a report with no event woke %v", woken)
	}
	task := handOff(t, d, st, invite("q1/ada/connect", "ada", c.t), "Hi")
	c.t = c.t.Add(10 * time.Minute)
	seen := assist.Report{Outcome: assist.OutcomeSent, Events: []paceline.Event{{Type: paceline.EventAccepted}}}
	for range 2 {
		if _, err := d.Finish(ctx, task.ID, seen); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(woken, []string{"alice", "alice"}) {
		t.Fatalf("the report of an accept, twice, woke %v; want alice each time", woken)
	}
	fail = errors.New("database is locked")
	_, err := d.Finish(ctx, task.ID, seen)
	if err == nil || !strings.Contains(err.Error(), "report it again") {
		t.Fatalf("a failed wake: %v, want an error saying to report again", err)
	}
	evs, err := st.Events(ctx, "alice", monday, c.t.Add(time.Hour))
	if err != nil || len(evs) != 1 || evs[0].Type != paceline.EventAccepted || evs[0].Lead != "ada" {
		t.Fatalf("events %+v, %v; want ada's accept once", evs, err)
	}
}
