package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// {{sender_first_name}} renders the sending account's first name in notes and
// messages, and its default when the account has none.
func TestTextsAreSignedWithTheSendersName(t *testing.T) {
	t.Parallel()
	const seqText = `
name: signed
steps:
  - id: connect
    invite:
      note: "Hi {{first_name}}, glad to connect. {{sender_first_name | default: \"\"}}"
    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}
  - id: hello
    message: "Thanks {{first_name}}! {{sender_first_name | default: \"The team\"}}"
`
	for _, tt := range []struct{ sender, note, body string }{
		{"Zoë", "Hi Ada, glad to connect. Zoë", "Thanks Ada! Zoë"},
		{"", "Hi Ada, glad to connect.", "Thanks Ada! The team"},
	} {
		w := &textWorld{}
		w.react = accept(3 * time.Hour)
		g, err := New(Options{Executor: w, Ledger: w, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
		if err := g.AddAccount(Account{Name: "a", Pacer: &gapPacer{gap: 2 * time.Minute, notes: -1}, Schedule: sched,
			NoteLimit: 200, SenderName: tt.sender}); err != nil {
			t.Fatal(err)
		}
		if err := g.AddCampaign(Campaign{Name: "c1", Sequence: parseSeq(t, seqText), Accounts: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := g.Enroll("c1", testLead("ada"), t0); err != nil {
			t.Fatal(err)
		}
		w.run(t, g, t0.Add(10*24*time.Hour))
		if len(w.texts) != 2 {
			t.Fatalf("sender %q: texts %+v, want the note and the message", tt.sender, w.texts)
		}
		if got := strings.TrimSpace(w.texts[0].Note); got != tt.note {
			t.Errorf("sender %q: note %q, want %q", tt.sender, got, tt.note)
		}
		if got := strings.TrimSpace(w.texts[1].Body); got != tt.body {
			t.Errorf("sender %q: message %q, want %q", tt.sender, got, tt.body)
		}
	}
}
