package limits

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A "not before next month" answer for an invite with a note, when the free account's
// note quota is spent, is asked again after an answer: the answer may change which
// invite heads the queue (a decline pausing the noted invite's campaign), and a plain
// invite may go at once. Keeping it stalled plain invites until the quota renewed.
func TestNoteQuotaWaitNotKeptThroughAnswers(t *testing.T) {
	cfg, err := NewConfig(paceline.TypeFree, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p, err := New(cfg, start)
	if err != nil {
		t.Fatal(err)
	}
	at := start
	for i := range cfg.NoteQuotaMonthly {
		p.Record(paceline.Action{At: at, Account: "a", Kind: paceline.KindInvite, Lead: "lead-" + string(rune('a'+i)), Result: paceline.ResultDone, WithNote: true})
		at = at.Add(3 * time.Hour)
	}
	now := time.Date(2026, 3, 7, 21, 0, 0, 0, time.UTC)
	noted := p.Decide(now, Request{Kind: paceline.KindInvite, Note: true})
	plain := p.Decide(now, Request{Kind: paceline.KindInvite})
	if !noted.NoteQuotaExhausted || !noted.At.After(plain.At) {
		t.Fatalf("setup: noted %+v, plain %+v; want the noted invite held for the quota, the plain one sooner", noted, plain)
	}
	declined := paceline.Event{At: now, Account: "a", Lead: "lead-a", Type: paceline.EventDeclined}
	if !p.HastensAnswer(declined, paceline.KindInvite, &noted) {
		t.Error("a decline kept the note-quota wait: a plain invite heading the queue next would wait for the quota too")
	}
}
