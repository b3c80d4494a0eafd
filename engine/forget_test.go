package engine

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// TestForgetKeepsAnswersNoAnswerMoves checks that an accept keeps a cached invite answer
// the Pacer says no answer took part in (the look that follows then asks nothing at the
// event's instant), and clears one it cannot vouch for, such as a Decision the seat
// made up itself.
func TestForgetKeepsAnswersNoAnswerMoves(t *testing.T) {
	cfg, err := limits.NewConfig(paceline.TypeFree, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
	p, err := limits.New(cfg, start)
	if err != nil {
		t.Fatal(err)
	}
	p.Record(paceline.Action{At: start, Account: "a", Kind: paceline.KindInvite, Lead: "in:a", Result: paceline.ResultDone})
	k := paceline.KindInvite.Index()
	s := &seat{Account: Account{Name: "a", Pacer: p}}
	s.last[k] = p.Decide(start, limits.Request{Kind: paceline.KindInvite})
	if s.last[k].Allowed || s.last[k].At.IsZero() {
		t.Fatalf("after an invite: %+v, want a wait", s.last[k])
	}
	accept := paceline.Event{At: start.Add(time.Minute), Account: "a", Lead: "in:a", Type: paceline.EventAccepted}
	p.Observe(accept)

	s.notBefore[k] = s.last[k].At.UnixNano()
	s.forget(accept)
	if s.notBefore[k] == 0 {
		t.Error("an accept cleared an answer the spacing set")
	}
	s.last[k] = limits.Decision{Kind: paceline.KindInvite, At: s.last[k].At} // not the Pacer's
	s.forget(accept)
	if s.notBefore[k] != 0 {
		t.Error("an accept kept an answer the Pacer did not give")
	}
}
