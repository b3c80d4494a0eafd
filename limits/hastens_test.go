package limits

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestHastensIsSafe checks the promise engines rely on to keep cached answers: an
// event the Pacer does not say hastens kind k never makes the next slot of k earlier
// (nor turns a hard block into a slot). Random account types, histories, clocks and
// events; the Pacer before and after hearing each event answer the same question.
func TestHastensIsSafe(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	types := paceline.AccountTypes
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	checked := 0
	for round := 0; round < 60; round++ {
		cfg, err := NewConfig(types[rng.IntN(len(types))], time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Guards.MaxPending = 5 + rng.IntN(20)
		p, err := New(cfg, start)
		if err != nil {
			t.Fatal(err)
		}
		now := start
		for i := 0; i < 300; i++ {
			now = now.Add(time.Duration(rng.IntN(90)) * time.Minute)
			lead := randomLead(rng)
			k := randomKinds[rng.IntN(len(randomKinds))]
			p.Record(paceline.Action{At: now, Account: "a", Kind: k, Lead: lead, Result: paceline.ResultDone, WithNote: rng.IntN(2) == 0})
			ev := randomEvent(rng, now)
			ev.Lead = lead // an answer to the invite just sent, if it was one
			after := copyPacer(p)
			after.Observe(ev)
			for _, k := range randomKinds {
				if p.Hastens(ev, k) {
					continue
				}
				before, then := p.Decide(now, Request{Kind: k}), after.Decide(now, Request{Kind: k})
				checked++
				switch {
				case before.At.IsZero():
					if !then.At.IsZero() {
						t.Fatalf("%s lifted a hard block on %s (%s): now at %s", ev.Type, k, before.Reason, then.At)
					}
				case !then.At.IsZero() && then.At.Before(before.At):
					t.Fatalf("%s brought %s forward from %s to %s", ev.Type, k, before.At, then.At)
				}
			}
			p.Observe(ev)
		}
	}
	if checked == 0 {
		t.Fatal("no question was checked")
	}
}

// TestHastensAnswerIsSafe checks what lets an engine keep a "not before" answer through
// an answer to an invite or an InMail (HastensAnswer): when the answer was not pushed by
// a constraint that reads such answers, the Pacer after hearing the event allows the
// kind no sooner, asked at the instant of the answer or at any instant before the slot.
// The acceptance guard is set to trip often, so both sides of the rule are met.
func TestHastensAnswerIsSafe(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 10))
	types := paceline.AccountTypes
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	kept, hastened := 0, 0
	for round := 0; round < 60; round++ {
		cfg, err := NewConfig(types[rng.IntN(len(types))], time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Guards.MaxPending = 5 + rng.IntN(20)
		cfg.Guards.AcceptanceWindow = 2 + rng.IntN(4)
		cfg.Guards.MinAcceptance = 0.5
		p, err := New(cfg, start)
		if err != nil {
			t.Fatal(err)
		}
		now := start
		for i := 0; i < 300; i++ {
			now = now.Add(time.Duration(rng.IntN(90)) * time.Minute)
			lead := randomLead(rng)
			k := randomKinds[rng.IntN(len(randomKinds))]
			p.Record(paceline.Action{At: now, Account: "a", Kind: k, Lead: lead, Result: paceline.ResultDone, WithNote: rng.IntN(2) == 0})
			ev := randomEvent(rng, now)
			ev.Lead = lead
			after := copyPacer(p)
			after.Observe(ev)
			for _, k := range randomKinds {
				req := Request{Kind: k, Note: k == paceline.KindInvite && rng.IntN(2) == 0}
				before := p.Decide(now, req)
				if before.Allowed || before.At.IsZero() || !p.Hastens(ev, k) {
					continue
				}
				if p.HastensAnswer(ev, k, &before) {
					hastened++
					continue
				}
				kept++
				between := now.Add(time.Duration(rng.Int64N(int64(before.At.Sub(now)))))
				for _, at := range []time.Time{now, between} {
					if then := after.Decide(at, req); !then.At.IsZero() && then.At.Before(before.At) {
						t.Fatalf("%s brought %s (not before %s, %s) forward to %s, asked at %s", ev.Type, k, before.At, before.Reason, then.At, at)
					}
				}
			}
			p.Observe(ev)
		}
	}
	if kept == 0 || hastened == 0 {
		t.Fatalf("kept %d answers and let %d go: both sides of the rule must be met", kept, hastened)
	}
}

// TestMemoStandsThroughAnswers checks that an answer to an invite leaves the memo of a
// "not before" answer that the spacing alone set standing, and that an engine may keep
// the answer (HastensAnswer), while the memo of an answer the acceptance guard pushed
// falls with the next answer and the guard's answer is asked again.
func TestMemoStandsThroughAnswers(t *testing.T) {
	cfg, err := NewConfig(paceline.TypeFree, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Guards.AcceptanceWindow, cfg.Guards.MinAcceptance = 2, 0.5
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
	p, err := New(cfg, start)
	if err != nil {
		t.Fatal(err)
	}
	invite := Request{Kind: paceline.KindInvite}
	k := paceline.KindInvite.Index()
	p.Record(paceline.Action{At: start, Account: "a", Kind: paceline.KindInvite, Lead: "in:a", Result: paceline.ResultDone})
	p.Record(paceline.Action{At: start, Account: "a", Kind: paceline.KindInvite, Lead: "in:b", Result: paceline.ResultDone})
	d := p.Decide(start, invite)
	if d.Allowed || d.Reason == ReasonLowAcceptance {
		t.Fatalf("after two invites: %+v, want a wait the spacing sets", d)
	}
	accept := paceline.Event{At: start, Account: "a", Lead: "in:a", Type: paceline.EventAccepted}
	if p.HastensAnswer(accept, paceline.KindInvite, &d) {
		t.Error("an accept would bring forward an answer no answer took part in")
	}
	p.Observe(accept)
	if !p.memoHolds(k, invite, d.At.UnixNano()) {
		t.Error("an accept dropped the memo of an answer the spacing set")
	}

	// Two declines of two: the guard holds invites back, and its answer is the
	// accepts' to bring forward.
	p.Observe(paceline.Event{At: start, Account: "a", Lead: "in:b", Type: paceline.EventDeclined})
	p.Record(paceline.Action{At: start, Account: "a", Kind: paceline.KindInvite, Lead: "in:c", Result: paceline.ResultDone})
	p.Observe(paceline.Event{At: start, Account: "a", Lead: "in:c", Type: paceline.EventDeclined})
	d = p.Decide(start, invite)
	if d.Reason != ReasonLowAcceptance {
		t.Fatalf("after declines: %+v, want the acceptance guard", d)
	}
	if !p.HastensAnswer(accept, paceline.KindInvite, &d) {
		t.Error("an accept would not bring forward the acceptance guard's answer")
	}
	if m := p.memo[k]; !m.valid || m.answersFree || !p.memoHolds(k, invite, m.at) {
		t.Fatalf("no memo of the guard's answer: %+v", m)
	}
	p.Observe(paceline.Event{At: start, Account: "a", Lead: "in:a", Type: paceline.EventAccepted})
	if p.memoHolds(k, invite, p.memo[k].at) {
		t.Error("the memo of the guard's answer stood through an answer")
	}
}
