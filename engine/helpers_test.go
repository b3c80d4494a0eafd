package engine

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday

// gapPacer allows any kind a fixed gap after the account's previous action, except the
// kinds it lists as unavailable, and counts notes against a quota.
type gapPacer struct {
	gap         time.Duration
	last        time.Time
	unavailable map[paceline.ActionKind]bool
	notes       int // quota left; negative means unlimited
	events      []paceline.Event
}

func (p *gapPacer) Decide(now time.Time, req limits.Request) limits.Decision {
	if p.unavailable[req.Kind] {
		return limits.Decision{Kind: req.Kind, Reason: limits.ReasonNotAvailable}
	}
	if req.Note && p.notes == 0 {
		return limits.Decision{Kind: req.Kind, At: now.Add(30 * 24 * time.Hour), Reason: limits.ReasonNoteQuota, NoteQuotaExhausted: true}
	}
	if at := p.last.Add(p.gap); !p.last.IsZero() && now.Before(at) {
		return limits.Decision{Kind: req.Kind, At: at, Reason: limits.ReasonMinGap}
	}
	return limits.Decision{Kind: req.Kind, Allowed: true, At: now}
}

func (p *gapPacer) Record(a paceline.Action) {
	p.last = a.At
	if a.WithNote && p.notes > 0 {
		p.notes--
	}
}

func (p *gapPacer) Observe(e paceline.Event) { p.events = append(p.events, e) }

// world is a test executor and ledger: it does every action, remembers it, and lets a
// test schedule the lead's answers through react.
type world struct {
	actions []paceline.Action
	pending []paceline.Event
	react   func(a paceline.Action) []paceline.Event
	refuse  func(a paceline.Action) bool
}

func (w *world) Execute(_ context.Context, a paceline.Action) (Outcome, error) {
	if w.refuse != nil && w.refuse(a) {
		return Outcome{Result: paceline.ResultRefused, Events: []paceline.Event{{At: a.At, Account: a.Account, Type: paceline.EventLimitHit, Kind: a.Kind}}}, nil
	}
	if w.react != nil {
		w.pending = append(w.pending, w.react(a)...)
		slices.SortStableFunc(w.pending, func(x, y paceline.Event) int { return x.At.Compare(y.At) })
	}
	return Outcome{Result: paceline.ResultDone}, nil
}

func (w *world) RecordAction(_ context.Context, a *paceline.Action) error {
	a.ID = int64(len(w.actions) + 1)
	w.actions = append(w.actions, *a)
	return nil
}

// run drives g in virtual time until end: it jumps to the next wake-up or the next
// event, whichever comes first, and never polls.
func (w *world) run(t *testing.T, g *Engine, end time.Time) {
	t.Helper()
	for i := 0; i < 1_000_000; i++ {
		wake := g.NextWake()
		if len(w.pending) > 0 && (wake.IsZero() || !w.pending[0].At.After(wake)) && !w.pending[0].At.After(end) {
			ev := w.pending[0]
			w.pending = w.pending[1:]
			if err := g.Step(context.Background(), ev.At); err != nil {
				t.Fatal(err)
			}
			g.Observe(ev)
			continue
		}
		if wake.IsZero() || wake.After(end) {
			return
		}
		if err := g.Step(context.Background(), wake); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("run did not settle")
}

func (w *world) kinds(lead string) []string {
	var out []string
	for _, a := range w.actions {
		if a.Lead == lead {
			out = append(out, string(a.Kind)+":"+a.Step)
		}
	}
	return out
}

func parseSeq(t *testing.T, src string) *sequence.Sequence {
	t.Helper()
	seq, err := sequence.Parse([]byte(src))
	if err != nil {
		t.Fatalf("parse sequence: %v", err)
	}
	return seq
}

// newEngine builds an engine with the named accounts (each with a 2-minute gapPacer)
// and one campaign per sequence, named c1, c2, ..., sent from every account.
func newEngine(t *testing.T, w *world, accounts []string, seqs ...*sequence.Sequence) (*Engine, map[string]*gapPacer) {
	t.Helper()
	g, err := New(Options{Executor: w, Ledger: w, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	pacers := map[string]*gapPacer{}
	for _, name := range accounts {
		p := &gapPacer{gap: 2 * time.Minute, notes: -1}
		pacers[name] = p
		sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
		if err := g.AddAccount(Account{Name: name, Pacer: p, Schedule: sched}); err != nil {
			t.Fatal(err)
		}
	}
	for i, seq := range seqs {
		c := Campaign{Name: "c" + string(rune('1'+i)), Sequence: seq, Accounts: accounts}
		if err := g.AddCampaign(c); err != nil {
			t.Fatal(err)
		}
	}
	return g, pacers
}

func testLead(key string) *paceline.Lead {
	return &paceline.Lead{ProfileKey: key, FirstName: "Ada", Score: 50}
}

func accept(after time.Duration) func(a paceline.Action) []paceline.Event {
	return func(a paceline.Action) []paceline.Event {
		if a.Kind != paceline.KindInvite {
			return nil
		}
		return []paceline.Event{{At: a.At.Add(after), Account: a.Account, Lead: a.Lead, Type: paceline.EventAccepted}}
	}
}
