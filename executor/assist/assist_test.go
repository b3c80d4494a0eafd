package assist_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
)

func textOf(k paceline.ActionKind, words string) engine.Text {
	if k == paceline.KindInvite {
		return engine.Text{Note: words}
	}
	return engine.Text{Body: words}
}

// monday is a Monday, 10:00 in New York.
var monday = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)

func invite(key, lead string, at time.Time) paceline.Action {
	return paceline.Action{Key: key, At: at, Account: "alice", Kind: paceline.KindInvite, Lead: lead,
		WithNote: true, Campaign: "q1", Step: "connect"}
}

func TestExecuteMakesOneOfferedTaskPerKey(t *testing.T) {
	t.Parallel()
	d, st, _ := newDesk(t, "America/New_York", monday)
	ctx := context.Background()
	a := invite("q1/ada/connect", "ada-lovelace", monday)
	task := handOff(t, d, st, a, "Hi Ada, loved your note on engines")
	if _, err := d.ExecuteText(ctx, a, engine.Text{Note: "other words"}); err != nil {
		t.Fatal(err)
	}
	all, err := st.Tasks(ctx, paceline.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("%d tasks after two calls with one key, want 1", len(all))
	}
	got := all[0]
	if got.ID != task.ID || got.State != paceline.TaskOffered || got.Text != "Hi Ada, loved your note on engines" ||
		got.ProfileURL != "https://www.linkedin.com/in/ada-lovelace/" || !got.WithNote {
		t.Fatalf("task = %+v", got)
	}
	if !strings.Contains(got.Todo, "connection request") || !strings.Contains(got.Todo, got.ProfileURL) {
		t.Fatalf("todo %q does not say what to do and where", got.Todo)
	}
	// 17:00 in New York on that Monday (EST, UTC-5).
	if want := time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC); !got.Expires.Equal(want) {
		t.Fatalf("expires %s, want %s", got.Expires, want)
	}
	if out, ok, err := d.Executed(ctx, a.Key); err != nil || !ok || out.Result != paceline.ResultDone {
		t.Fatalf("Executed(known) = %v %v %v", out, ok, err)
	}
	if _, ok, err := d.Executed(ctx, "q1/nobody/connect"); err != nil || ok {
		t.Fatalf("Executed(unknown) = %v %v", ok, err)
	}
}

func TestTodoAndProfileURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind    paceline.ActionKind
		lead    string
		text    string
		url     string
		todoHas string
	}{
		{paceline.KindInvite, "ada", "", "https://www.linkedin.com/in/ada/", "without a note"},
		{paceline.KindInvite, "ada", "Hi", "https://www.linkedin.com/in/ada/", "with the note below"},
		{paceline.KindMessage, "sales:ACwAA1", "Thanks", "https://www.linkedin.com/sales/lead/ACwAA1", "message below"},
		{paceline.KindInMail, "ada", "Hello", "https://www.linkedin.com/in/ada/", "InMail credit"},
		{paceline.KindOpenProfileMessage, "ada", "Hello", "https://www.linkedin.com/in/ada/", "Open Profile"},
		{paceline.KindWithdraw, "ada", "", "https://www.linkedin.com/in/ada/", "Withdraw"},
		{paceline.KindVisit, "ada", "", "https://www.linkedin.com/in/ada/", "Open https://"},
		{paceline.KindEmail, "email:ada@example.com", "Hi", "", "email:ada@example.com"},
	}
	for _, tt := range tests {
		a := paceline.Action{Key: "k", Account: "alice", Kind: tt.kind, Lead: tt.lead, WithNote: tt.text != ""}
		task := assist.TaskFor(a, textOf(tt.kind, tt.text))
		if task.ProfileURL != tt.url {
			t.Errorf("%s %s: url %q, want %q", tt.kind, tt.lead, task.ProfileURL, tt.url)
		}
		if !strings.Contains(task.Todo, tt.todoHas) || !strings.HasSuffix(task.Todo, ".") {
			t.Errorf("%s: todo %q, want a sentence with %q", tt.kind, task.Todo, tt.todoHas)
		}
		if task.Text != tt.text {
			t.Errorf("%s: text %q, want %q", tt.kind, task.Text, tt.text)
		}
	}
}

func TestFinishOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		outcome   assist.Outcome
		state     paceline.TaskState
		counted   int
		limitSeen bool
	}{
		{assist.OutcomeSent, paceline.TaskDone, 1, false},
		{assist.OutcomeSkipped, paceline.TaskSkipped, 0, false},
		{assist.OutcomeFailed, paceline.TaskFailed, 0, false},
		{assist.OutcomeRefused, paceline.TaskPlanned, 0, false},
		{assist.OutcomeLimitNotice, paceline.TaskPlanned, 0, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.outcome), func(t *testing.T) {
			t.Parallel()
			d, st, c := newDesk(t, "Europe/Paris", monday)
			ctx := context.Background()
			task := handOff(t, d, st, invite("q1/ada/connect", "ada", monday), "Hi")
			c.t = monday.Add(10 * time.Minute)
			got, err := d.Finish(ctx, task.ID, assist.Report{Outcome: tt.outcome})
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.state || got.Outcome != string(tt.outcome) {
				t.Fatalf("after %s: state %s outcome %q", tt.outcome, got.State, got.Outcome)
			}
			if n := counted(t, st); n != tt.counted {
				t.Fatalf("after %s: %d counted actions, want %d", tt.outcome, n, tt.counted)
			}
			// A repeated report is harmless and answers the same.
			again, err := d.Finish(ctx, task.ID, assist.Report{Outcome: tt.outcome})
			if err != nil || again.State != got.State || again.Attempt != got.Attempt {
				t.Fatalf("repeated %s: %+v %v", tt.outcome, again, err)
			}
			evs, err := st.Events(ctx, "alice", monday, monday.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if seen := len(evs) == 1 && evs[0].Type == paceline.EventLimitHit && evs[0].Kind == paceline.KindInvite; seen != tt.limitSeen || len(evs) > 1 {
				t.Fatalf("events after %s: %+v", tt.outcome, evs)
			}
			if tt.state != paceline.TaskPlanned {
				// Another outcome for a finished task is a conflict.
				other := assist.OutcomeSkipped
				if tt.outcome == other {
					other = assist.OutcomeSent
				}
				if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: other}); paceline.ErrorCode(err) != paceline.ECONFLICT {
					t.Fatalf("%s after %s: %v, want ECONFLICT", other, tt.outcome, err)
				}
			}
		})
	}
}

func TestFinishErrors(t *testing.T) {
	t.Parallel()
	d, st, _ := newDesk(t, "UTC", monday)
	ctx := context.Background()
	task := handOff(t, d, st, invite("k", "ada", monday), "")
	if _, err := d.Finish(ctx, 999, assist.Report{Outcome: assist.OutcomeSent}); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("unknown task: %v", err)
	}
	if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: "posted"}); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Fatalf("unknown outcome: %v", err)
	}
	if _, err := assist.ParseOutcome("limit_notice"); err != nil {
		t.Fatal(err)
	}
	if o, err := assist.ParseOutcome("done"); err != nil || o != assist.OutcomeSent {
		t.Fatalf("done = %q %v", o, err)
	}
	// No outcome is sent, as in paceline tasks done ID.
	if got, err := d.Finish(ctx, task.ID, assist.Report{}); err != nil || got.State != paceline.TaskDone || got.Outcome != "sent" {
		t.Fatalf("Finish with no outcome: %+v %v", got, err)
	}
}

// A withdrawal of an invite that was skipped, failed or given up has nothing to
// withdraw: no person is asked to; one of a sent invite is a task like any other.
func TestWithdrawOfAnUnsentInvite(t *testing.T) {
	t.Parallel()
	d, st, c := newDesk(t, "UTC", monday)
	ctx := context.Background()
	skipped := handOff(t, d, st, invite("q1/ada/connect", "ada", monday), "")
	sent := handOff(t, d, st, invite("q1/bob/connect", "bob", monday), "")
	c.t = monday.Add(time.Minute)
	if _, err := d.Finish(ctx, skipped.ID, assist.Report{Outcome: assist.OutcomeSkipped}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Finish(ctx, sent.ID, assist.Report{Outcome: assist.OutcomeSent}); err != nil {
		t.Fatal(err)
	}
	later := monday.Add(21 * 24 * time.Hour)
	for lead, want := range map[string]paceline.TaskState{"ada": paceline.TaskDone, "bob": paceline.TaskOffered} {
		w := paceline.Action{Key: "q1/" + lead + "/connect/withdraw", At: later, Account: "alice", Kind: paceline.KindWithdraw, Lead: lead}
		task := handOff(t, d, st, w, "")
		if task.State != want {
			t.Errorf("withdrawal for %s: %s (%q), want %s", lead, task.State, task.Outcome, want)
		}
	}
}
