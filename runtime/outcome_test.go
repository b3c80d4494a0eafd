package runtime_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/sim"
)

// refusing is an executor that carries actions out on the simulated platform but, for
// one lead, fails every action and says so with a bounced event, as the email Sender
// does when the mail server refuses the address at RCPT TO.
type refusing struct {
	pl   *sim.Platform
	lead string
}

func (x *refusing) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	if a.Lead != x.lead {
		return x.pl.Execute(ctx, a)
	}
	return engine.Outcome{Result: paceline.ResultFailed, Events: []paceline.Event{{
		Key: "test/bounced/" + a.Key, At: a.At, Account: a.Account, Lead: a.Lead,
		Type: paceline.EventBounced, Kind: a.Kind,
	}}}, paceline.Errorf(paceline.EINVALID, "the mail server refused the address of %s", a.Lead)
}

func (x *refusing) Executed(ctx context.Context, key string) (engine.Outcome, bool, error) {
	return x.pl.Executed(ctx, key)
}

// hooked counts the events OnEventFunc was told of, by type.
type hooked struct {
	mu sync.Mutex
	n  map[paceline.EventKind]int
}

func (h *hooked) hook(_ context.Context, e paceline.Event) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[paceline.EventKind]int{}
	}
	h.n[e.Type]++
	return nil
}

// An event the executor returns with its answer (a bounce at RCPT TO) is stored like
// an event the platform reports later: once per key however many ticks run, with the
// webhook hook told once; before, the engine only observed it in memory and the
// bounce was lost.
func TestOutcomeEventsAreRecorded(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := fixture(t, open, 1, 3)
		v := &virtual{now: start}
		r := newRunner(st, v)
		pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
		r.Executor = &refusing{pl: pl, lead: "lead-001"}
		h := &hooked{}
		r.OnEventFunc = h.hook
		for range 40 {
			res, err := r.Tick(ctx, "seat-0")
			if err != nil {
				t.Fatal(err)
			}
			if res.Wake.IsZero() || !res.Wake.After(v.now) {
				v.now = v.now.Add(time.Hour)
			} else {
				v.now = res.Wake
			}
		}
		evs, err := st.Events(ctx, "seat-0", time.Time{}, v.now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]int{}
		for _, ev := range evs {
			if ev.Type == paceline.EventBounced {
				if ev.Lead != "lead-001" {
					t.Errorf("bounced event for %s, want lead-001 only", ev.Lead)
				}
				keys[ev.Key]++
			}
		}
		if len(keys) == 0 {
			t.Fatal("no bounced event stored for the refused lead")
		}
		for k, n := range keys {
			if n != 1 {
				t.Errorf("event %s stored %d times", k, n)
			}
		}
		if h.n[paceline.EventBounced] != len(keys) {
			t.Errorf("hook told of %d bounces, want %d (one per stored event)", h.n[paceline.EventBounced], len(keys))
		}
	})
}

// failingComplete fails CompleteAction once, as a tick that dies after the executor
// answered and before the ledger knows.
type failingComplete struct {
	testStore
	failed bool
}

func (f *failingComplete) CompleteAction(ctx context.Context, a *paceline.Action) error {
	if !f.failed {
		f.failed = true
		return errCrash
	}
	return f.testStore.CompleteAction(ctx, a)
}

// A tick that dies between storing an outcome's events and completing the action
// leaves the events stored; the next tick reconciles the action and stores nothing
// twice.
func TestOutcomeEventsSurviveCrash(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := &failingComplete{testStore: fixture(t, open, 1, 1)}
		v := &virtual{now: start}
		r := newRunner(st.testStore, v)
		r.Store = st
		pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
		r.Executor = &refusing{pl: pl, lead: "lead-000"}
		for !st.failed {
			if v.now.After(start.Add(48 * time.Hour)) {
				t.Fatal("no action in two days: the crash never came")
			}
			if _, err := r.Tick(ctx, "seat-0"); err != nil && !errors.Is(err, errCrash) {
				t.Fatal(err)
			}
			v.now = v.now.Add(time.Hour)
		}
		for range 10 {
			v.now = v.now.Add(time.Hour)
			if _, err := r.Tick(ctx, "seat-0"); err != nil {
				t.Fatal(err)
			}
		}
		evs, err := st.Events(ctx, "seat-0", time.Time{}, v.now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, ev := range evs {
			if ev.Type == paceline.EventBounced {
				seen[ev.Key]++
			}
		}
		if len(seen) == 0 {
			t.Fatal("the bounce of the crashed tick was not stored")
		}
		for k, n := range seen {
			if n != 1 {
				t.Errorf("event %s stored %d times", k, n)
			}
		}
	})
}
