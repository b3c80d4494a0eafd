package engine

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// pointerWorld is a textWorld that also takes actions and texts by pointer, as the
// simulator does (TextExecutorByPointer).
type pointerWorld struct {
	textWorld
	byValue int // calls of ExecuteText, which the engine should not make
}

func (w *pointerWorld) ExecuteText(ctx context.Context, a paceline.Action, t Text) (Outcome, error) {
	w.byValue++
	return w.textWorld.ExecuteText(ctx, a, t)
}

func (w *pointerWorld) ExecuteTextByPointer(ctx context.Context, a *paceline.Action, t *Text) (Outcome, error) {
	return w.textWorld.ExecuteText(ctx, *a, *t)
}

const withdrawSeq = `
name: withdraw
steps:
  - id: connect
    invite:
      note: "{Hi|Hello} {{first_name}}, glad to connect."
    wait_for: {event: accepted, timeout: 5d, on_timeout: withdraw}
  - id: hello
    if: connected
    message: "Thanks, {{first_name}}!"
`

// TestPointerExecutorGetsWhatTextExecutorGets runs the same leads through an executor
// handed actions and texts by value and one handed them by pointer: the second must be
// called only by pointer and get the same actions and texts. Every third lead accepts
// (a message follows), the others are withdrawn (a withdrawal carries no text, though
// its step's note was rendered), the first invite of every fifth is refused (a second
// attempt), and the keys, over more than one key buffer's worth, must read
// campaign/lead/step, then /withdraw and #attempt (of the step, any kind).
func TestPointerExecutorGetsWhatTextExecutorGets(t *testing.T) {
	t.Parallel()
	play := func(w *textWorld, ex Executor) ([]paceline.Action, []Text) {
		refused := map[string]bool{}
		w.refuse = func(a paceline.Action) bool {
			var i int
			fmt.Sscanf(a.Lead, "p%d", &i)
			if a.Kind == paceline.KindInvite && i%5 == 0 && !refused[a.Lead] {
				refused[a.Lead] = true
				return true
			}
			return false
		}
		w.react = func(a paceline.Action) []paceline.Event {
			var i int
			fmt.Sscanf(a.Lead, "p%d", &i)
			if a.Kind != paceline.KindInvite || i%3 != 0 {
				return nil
			}
			return []paceline.Event{{At: a.At.Add(2 * time.Hour), Account: a.Account, Lead: a.Lead, Type: paceline.EventAccepted}}
		}
		g, err := New(Options{Executor: ex, Ledger: w, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
		if err := g.AddAccount(Account{Name: "a", Pacer: &gapPacer{gap: time.Minute, notes: -1}, Schedule: sched, NoteLimit: 300}); err != nil {
			t.Fatal(err)
		}
		if err := g.AddCampaign(Campaign{Name: "c1", Sequence: parseSeq(t, withdrawSeq), Accounts: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
		for i := range 400 {
			if _, err := g.Enroll("c1", testLead(fmt.Sprintf("p%d-with-a-longer-profile-key", i)), t0); err != nil {
				t.Fatal(err)
			}
		}
		w.run(t, g, t0.Add(40*24*time.Hour))
		return w.actions, w.texts
	}
	byValue := &textWorld{}
	wantActions, wantTexts := play(byValue, byValue)
	pw := &pointerWorld{}
	gotActions, gotTexts := play(&pw.textWorld, pw)
	if pw.byValue != 0 {
		t.Errorf("the engine called ExecuteText %d times on an executor that takes pointers", pw.byValue)
	}
	if !reflect.DeepEqual(gotActions, wantActions) || !reflect.DeepEqual(gotTexts, wantTexts) {
		t.Fatalf("by pointer the executor got %d actions and texts unlike the %d by value", len(gotActions), len(wantActions))
	}
	kinds, keyBytes := map[paceline.ActionKind]int{}, 0
	attempts := map[string]int{}
	for i, a := range gotActions {
		kinds[a.Kind]++
		keyBytes += len(a.Key)
		step := "c1/" + a.Lead + "/" + a.Step
		attempts[step]++ // the attempts of a step count on across its invite and withdrawal
		want := step
		if a.Kind == paceline.KindWithdraw {
			want += "/withdraw"
			if tx := gotTexts[i]; tx.Note != "" || tx.Variant != "" || tx.Subject != "" || tx.Body != "" {
				t.Errorf("the withdrawal of %s carried the text %+v, want none", a.Lead, tx)
			}
		}
		if n := attempts[step]; n > 1 {
			want += fmt.Sprintf("#%d", n)
		}
		if a.Key != want {
			t.Errorf("action %d (%s of %s): key %q, want %q", i, a.Kind, a.Lead, a.Key, want)
		}
	}
	if kinds[paceline.KindInvite] <= 400 || kinds[paceline.KindWithdraw] == 0 || kinds[paceline.KindMessage] == 0 || keyBytes <= 2*keyChunk {
		t.Fatalf("actions by kind %v, %d bytes of keys: want retried invites, withdrawals, messages and more than two key buffers", kinds, keyBytes)
	}
}
