package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/store/sqlite"
)

// virtualClock maps wall time to sped-up virtual time: from Start at the wall instant
// the clock was made, Speed virtual seconds per wall second.
type virtualClock struct {
	start time.Time
	wall  time.Time
	speed float64
}

// Now returns the virtual instant.
func (c *virtualClock) Now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.wall)) * c.speed))
}

// wallUntil is how long to sleep in wall time until the virtual instant t.
func (c *virtualClock) wallUntil(t time.Time) time.Duration {
	return time.Duration(float64(t.Sub(c.Now())) / c.speed)
}

// demoRun drives the engine and the simulated LinkedIn in virtual time, writing every
// action to the ledger and every event to the store, as a real deployment would.
type demoRun struct {
	st    *sqlite.Store
	clock *virtualClock
	g     *engine.Engine
	li    *sim.LinkedIn
	desk  *assist.Desk
	// mu serialises the engine: the executor records the platform's immediate
	// answers while Step runs.
	mu sync.Mutex
	// stored counts what the run wrote, for the demo's progress line.
	actions, events int
	// paused is the stored campaign's state as last read (demo_campaign.go): while it
	// is paused the engine takes no step. resumedAt is the virtual instant of the
	// latest resume; no step is taken before it.
	paused    bool
	resumedAt time.Time
	// enrolled is every lead's enrollment with its stored record, dirty the leads an
	// action or an answer touched since the last checkpoint (demo_enrollments.go),
	// cursor each account's latest event applied, accounts every account's name.
	enrolled map[string]*demoEnrollment
	dirty    map[string]bool
	cursor   map[string]int64
	accounts []string
	// keys are every lead's keys by reference, for the suppression list; suppressed
	// the leads found on it since the last step (demo_optout.go).
	keys       map[string][]lead.Key
	suppressed []string
	// answersRead is when (wall time) the run last read the events others recorded
	// (demo_answers.go).
	answersRead time.Time
	// unrecorded counts the leads an older paceline's demo contacted without storing
	// their enrollment: they are left out, and the demo says so.
	unrecorded int
	// savedAt is the virtual instant of the latest full checkpoint.
	savedAt time.Time
}

// recordingPlatform is the simulated LinkedIn with its immediate answers (limit
// notices, warnings, restrictions) stored as events.
type recordingPlatform struct {
	r *demoRun
}

// Executed says the simulated platform keeps no record by key: the demo runs no
// outbox, so it never asks (the router needs the method).
func (p recordingPlatform) Executed(context.Context, string) (engine.Outcome, bool, error) {
	return engine.Outcome{}, false, nil
}

func (p recordingPlatform) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	out, err := p.r.li.Execute(ctx, a)
	if err != nil {
		return out, err
	}
	for _, ev := range out.Events {
		if err := p.r.storeEvent(ctx, ev); err != nil {
			return out, err
		}
	}
	return out, nil
}

// countingLedger is the store's ledger, counted.
type countingLedger struct{ r *demoRun }

func (l countingLedger) RecordAction(ctx context.Context, a *paceline.Action) error {
	if err := l.r.st.RecordAction(ctx, a); err != nil {
		return err
	}
	l.r.actions++
	l.r.touched(a.Lead)
	return nil
}

// storeEvent writes an event once (keyed by what it is). Mailbox events (bounces)
// name no LinkedIn account and the events table wants one, so they are not stored;
// the engine still sees them.
func (r *demoRun) storeEvent(ctx context.Context, ev paceline.Event) error {
	if ev.Account == "" {
		return nil
	}
	ev.Key = fmt.Sprintf("%s%s:%s:%s:%d", demoEventKey, ev.Type, ev.Account, ev.Lead, ev.At.UnixNano())
	recorded, err := r.st.RecordEvent(ctx, &ev)
	if recorded {
		r.events++
	}
	return err
}

// newDemoRun builds the engine over the stored accounts, each Pacer replayed from the
// ledger so that caps hold across restarts, puts the simulated LinkedIn back where the
// ledger left it, restores the stored enrollments and enrolls the leads the demo has
// not had yet (demo_enrollments.go).
func newDemoRun(ctx context.Context, st *sqlite.Store, clock *virtualClock, leads []*paceline.Lead, contacted map[string]bool, seed uint64) (*demoRun, error) {
	now := clock.Now()
	r := &demoRun{st: st, clock: clock, cursor: map[string]int64{}}
	accts, err := st.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	var seats []sim.Seat
	var names []string
	engineAccts := make([]engine.Account, 0, len(accts))
	for _, a := range accts {
		cfg, err := limits.ConfigFor(a)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", a.Name, err)
		}
		origin, since := limits.ReplayWindow(a.CreatedAt, now)
		actions, err := st.Actions(ctx, a.Name, since, now.Add(time.Nanosecond))
		if err != nil {
			return nil, err
		}
		events, err := st.Events(ctx, a.Name, since, now.Add(time.Nanosecond))
		if err != nil {
			return nil, err
		}
		p, err := limits.Replay(cfg, origin, actions, events)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", a.Name, err)
		}
		pr, err := limits.PresetFor(a.Type)
		if err != nil {
			return nil, err
		}
		weight := cfg.WeeklyCap(paceline.KindInvite)
		if a.Executor == paceline.ExecutorSim {
			seats = append(seats, sim.Seat{Name: a.Name, Type: a.Type})
		} else {
			weight = 10 // a person's share: a few tasks a day
		}
		engineAccts = append(engineAccts, engine.Account{Name: a.Name, Pacer: p, Schedule: cfg.Schedule,
			Weight: weight, NoteLimit: pr.NoteMaxChars, SenderName: a.SenderName})
		names = append(names, a.Name)
		if r.cursor[a.Name], _, err = st.Cursor(ctx, a.Name); err != nil {
			return nil, err
		}
	}
	r.accounts = names
	rng := rand.New(rand.NewPCG(seed, 0x64656d6f))
	if r.li, err = sim.NewLinkedIn(sim.DefaultParams(), seed, rng, seats, leads); err != nil {
		return nil, err
	}
	simNames := make([]string, len(seats))
	for i, s := range seats {
		simNames[i] = s.Name
	}
	if err := r.replayPlatform(ctx, simNames, now); err != nil {
		return nil, fmt.Errorf("replay the ledger into the simulated LinkedIn: %w", err)
	}
	r.desk = &assist.Desk{Store: st, NowFunc: clock.Now}
	router := &assist.Router{Accounts: st, Desk: r.desk, Other: recordingPlatform{r}}
	r.keys = make(map[string][]lead.Key, len(leads))
	for _, l := range leads {
		r.keys[engine.LeadKey(l)] = lead.Keys(l)
	}
	if r.g, err = engine.New(engine.Options{Executor: demoExecutor{router, r}, Ledger: countingLedger{r}, Seed: seed}); err != nil {
		return nil, err
	}
	for _, a := range engineAccts {
		if err := r.g.AddAccount(a); err != nil {
			return nil, err
		}
	}
	seq := sequence.Default()
	if err := r.g.AddCampaign(engine.Campaign{Name: demoCampaign, Sequence: seq, Accounts: names}); err != nil {
		return nil, err
	}
	if err := r.enrollDemo(ctx, leads, contacted, now); err != nil {
		return nil, err
	}
	return r, nil
}

// demoCheckpointEvery is how often, in wall time, the demo saves every enrollment
// whose snapshot changed and the instant its clock reached; those an action or an
// answer touched are saved at once.
const demoCheckpointEvery = time.Second

// loop steps the engine at each wake-up and each simulated answer as virtual time
// reaches them, sleeping in between, until ctx ends; then it saves every enrollment.
func (r *demoRun) loop(ctx context.Context) error {
	saved := time.Now()
	for ctx.Err() == nil {
		next, err := r.catchUp(ctx)
		if err == nil && time.Since(saved) >= demoCheckpointEvery {
			err = r.checkpointAll(ctx)
			saved = time.Now()
		}
		// Once the run is stopped an error is a save cut short: the last save writes it.
		if err != nil && ctx.Err() == nil {
			return err
		}
		wait := 250 * time.Millisecond
		if !next.IsZero() {
			wait = min(wait, max(time.Millisecond, r.clock.wallUntil(next)))
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
	// The last save outlives the interrupt that ended the run.
	return r.checkpointAll(context.WithoutCancel(ctx))
}

// catchUp handles everything due up to the virtual now, in time order, and returns
// the next instant something is due (zero when nothing is).
func (r *demoRun) catchUp(ctx context.Context) (time.Time, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
	if err := r.followState(ctx, now); err != nil {
		return time.Time{}, err
	}
	if time.Since(r.answersRead) >= demoAnswersEvery {
		if err := r.observeRecorded(ctx); err != nil {
			return time.Time{}, err
		}
	}
	for ctx.Err() == nil {
		var wake time.Time
		if !r.paused {
			wake = r.g.NextWake()
			if !wake.IsZero() && wake.Before(r.resumedAt) {
				wake = r.resumedAt
			}
		}
		evAt, hasEvent := r.li.NextEvent()
		next, isEvent := wake, false
		if hasEvent && (next.IsZero() || !evAt.After(next)) {
			next, isEvent = evAt, true
		}
		if next.IsZero() || next.After(now) {
			// What the steps sent and the answers changed is stored before the
			// run sleeps, so the database never lags the ledger by more than this.
			return next, r.checkpoint(ctx, now, false)
		}
		if !r.paused {
			at := next
			if at.Before(r.resumedAt) {
				at = r.resumedAt // an answer that came in while paused
			}
			if err := r.g.Step(ctx, at); err != nil {
				return time.Time{}, fmt.Errorf("demo engine step at %s: %w", at.Format(time.RFC3339), err)
			}
			r.stopSuppressed(at)
			if err := r.noteEnginePause(ctx); err != nil {
				return time.Time{}, err
			}
		}
		if !isEvent {
			continue
		}
		ev, ok := r.li.PopEvent()
		if !ok {
			continue
		}
		if err := r.storeEvent(ctx, ev); err != nil {
			return time.Time{}, err
		}
		r.g.Observe(ev)
		r.touched(ev.Lead)
	}
	return time.Time{}, nil
}

// checkpointAll saves every enrollment that changed, at the virtual now.
func (r *demoRun) checkpointAll(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
	if err := r.observeRecorded(ctx); err != nil {
		return err
	}
	if err := r.checkpoint(ctx, now, true); err != nil {
		return err
	}
	r.savedAt = now
	return nil
}

// progress reports what the run has written so far, and the virtual instant of its
// latest full save: where the next run goes on.
func (r *demoRun) progress() (actions, events, running int, saved time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.actions, r.events, r.g.Running(), r.savedAt
}
