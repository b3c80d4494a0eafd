package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// EventSource shows what the platform did to an account's leads (accepts, replies):
// sim.Platform is one.
type EventSource interface {
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, time.Time, error)
}

// Runner ticks accounts. It holds no state between ticks: everything is in Store, so
// any process may tick any account.
type Runner struct {
	Store Store
	// Clock says what time it is: a *Clock, or a test's virtual time.
	Clock interface {
		Now() time.Time
		Until(t time.Time) time.Duration
	}
	Executor Executor
	// Events is where the platform's answers come from; nil when they arrive by other
	// ways only (API, archive imports).
	Events EventSource
	// Seed drives the engine's random picks, the same in every process.
	Seed    uint64
	Metrics *Metrics
	Logger  *slog.Logger
	// OnEventFunc, when set, is told of each event the first time it is recorded
	// (outgoing webhooks enqueue it); an error is logged, never fails the tick.
	OnEventFunc func(ctx context.Context, e paceline.Event) error
	// HeldFunc, when set, says until when the account's email is held at now (its
	// mailbox's server refused it: engine.SenderDown) and why; a zero time when it is
	// not. Each tick's engine is new: without it, the first email of every tick during
	// a hold would be tried only to meet the hold again.
	HeldFunc func(account string, now time.Time) (until time.Time, why string)

	// ticks counts the ticks this runner completed, for the shutdown line.
	ticks atomic.Int64

	mu           sync.Mutex
	failingSince time.Time // when ticks started failing with no success since
	lastErr      error
}

// Failing reports since when every tick has failed (zero while ticks succeed) and the
// latest error: a supervisor gives up when the database stays away too long.
func (r *Runner) Failing() (since time.Time, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failingSince, r.lastErr
}

func (r *Runner) noteTick(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err == nil:
		r.failingSince, r.lastErr = time.Time{}, nil
	case r.failingSince.IsZero():
		r.failingSince, r.lastErr = time.Now(), err
	default:
		r.lastErr = err
	}
}

// Ticks returns how many ticks this runner has completed.
func (r *Runner) Ticks() int64 { return r.ticks.Load() }

// LeadFacts is what a stored enrollment keeps of its lead: what the sequence tests,
// what the Pacer ranks by, what the simulated platform models and the fields its
// templates read (a blank one holds the step for review).
type LeadFacts struct {
	ProfileKey  string             `json:"profile_key,omitempty"`
	SalesKey    string             `json:"sales_key,omitempty"`
	Email       string             `json:"email,omitempty"`
	FirstName   string             `json:"first_name,omitempty"`
	LastName    string             `json:"last_name,omitempty"`
	DisplayName string             `json:"display_name,omitempty"`
	Company     string             `json:"company,omitempty"`
	Title       string             `json:"title,omitempty"`
	Department  string             `json:"department,omitempty"`
	Location    string             `json:"location,omitempty"`
	Industry    string             `json:"industry,omitempty"`
	Custom      map[string]string  `json:"custom,omitempty"`
	Score       int                `json:"score"`
	Open        bool               `json:"open_profile,omitempty"`
	Premium     bool               `json:"premium,omitempty"`
	Seniority   paceline.Seniority `json:"seniority,omitempty"`
	Mutual      int                `json:"mutual,omitempty"`
	// ResumeAt, set just after the instant a step was held, says a person asked to
	// resume it (HeldSteps.Resume): the next tick puts it back on its step, and one
	// held again later is not resumed again. It lives here because a tick never
	// writes the facts, so a tick running meanwhile cannot undo the request.
	ResumeAt time.Time `json:"resume_at,omitzero"`
}

// FactsOf returns the facts the runtime keeps of a lead, as JSON.
func FactsOf(l *paceline.Lead) string {
	b, _ := json.Marshal(factsOf(l))
	return string(b)
}

func factsOf(l *paceline.Lead) LeadFacts {
	return LeadFacts{
		ProfileKey: l.ProfileKey, SalesKey: l.SalesKey, Email: l.Email, FirstName: l.FirstName,
		LastName: l.LastName, DisplayName: l.DisplayName, Company: l.Company, Title: l.Title,
		Department: l.Department, Location: l.Location, Industry: l.Industry, Custom: l.Custom,
		Score: l.Score, Open: l.OpenProfile, Premium: l.Premium, Seniority: l.Seniority, Mutual: l.MutualConnections,
	}
}

func leadOf(facts string) (*paceline.Lead, error) {
	f, err := readFacts(facts)
	if err != nil {
		return nil, err
	}
	return f.lead(), nil
}

// lead is the lead the facts describe, as the engine sees it.
func (f *LeadFacts) lead() *paceline.Lead {
	return &paceline.Lead{
		ProfileKey: f.ProfileKey, SalesKey: f.SalesKey, Email: f.Email, FirstName: f.FirstName,
		LastName: f.LastName, DisplayName: f.DisplayName, Company: f.Company, Title: f.Title,
		Department: f.Department, Location: f.Location, Industry: f.Industry, Custom: f.Custom,
		Score: f.Score, OpenProfile: f.Open, Premium: f.Premium, Seniority: f.Seniority, MutualConnections: f.Mutual,
	}
}

func readFacts(facts string) (LeadFacts, error) {
	var f LeadFacts
	if err := json.Unmarshal([]byte(facts), &f); err != nil {
		return LeadFacts{}, fmt.Errorf("read lead facts: %w", err)
	}
	return f, nil
}

// TickResult is what one tick did and when the account next needs one.
type TickResult struct {
	Now      time.Time // the virtual instant the tick ran at
	Wake     time.Time // zero when only a new campaign or event can bring work
	Executed int       // actions sent to the executor
	Events   int       // events applied
}

// Tick does everything due for one account at the clock's now and saves it: the
// caller (a River job, one per account at a time) sleeps until Wake. A paused account
// or one with no running enrollment gets a zero Wake.
func (r *Runner) Tick(ctx context.Context, name string) (TickResult, error) {
	st := r.Store
	acct, err := st.Account(ctx, name)
	if err != nil {
		return TickResult{}, err
	}
	cursor, last, err := st.Cursor(ctx, name)
	if err != nil {
		return TickResult{}, err
	}
	// Instants are whole microseconds, the precision both databases keep: an action
	// stored at now must read back at now, or a window ending just after it would
	// miss it.
	// Rounded up, so a tick called at a wake-up instant with nanosecond digits still
	// finds due what is due then.
	now := ceilMicro(r.Clock.Now())
	if now.Before(last) {
		now = last // another process's clock may lag: an account's time never goes back
	}
	res := TickResult{Now: now}

	// Settle what a dead tick left in flight before anything else reads the ledger.
	planned, err := st.PlannedActions(ctx, name)
	if err != nil {
		return res, err
	}
	for _, a := range planned {
		if _, _, err := reconcile(ctx, st, r.Executor, a); err != nil {
			return res, err
		}
	}
	var next time.Time
	if r.Events != nil {
		since := last
		if since.IsZero() {
			since = now.Add(-limits.History)
		}
		evs, n, err := r.Events.Events(ctx, name, since, now.Add(time.Microsecond))
		if err != nil {
			return res, err
		}
		next = n
		for i := range evs {
			recorded, err := st.RecordEvent(ctx, &evs[i])
			if err != nil {
				return res, fmt.Errorf("record %s of %s: %w", evs[i].Type, evs[i].Lead, err)
			}
			if recorded && r.OnEventFunc != nil {
				if err := r.OnEventFunc(ctx, evs[i]); err != nil && r.Logger != nil {
					r.Logger.Warn("event hook", "event", evs[i].Type, "lead", evs[i].Lead, "err", err)
				}
			}
		}
	}
	if acct.State == paceline.AccountPaused {
		return res, nil
	}
	recs, err := st.RunningEnrollments(ctx, name)
	if err != nil {
		return res, err
	}
	newEvents, err := st.EventsAfter(ctx, name, cursor)
	if err != nil {
		return res, err
	}
	// With nothing running, a tick still runs when a lead answered: its ended
	// enrollment may have a variant to credit (restoreEnded).
	if len(recs) == 0 && len(answeredLeads(newEvents, nil)) == 0 {
		return res, st.SaveTick(ctx, name, nil, cursor, now)
	}

	ob := r.outbox()
	g, past, err := r.engine(ctx, acct, cursor, now, ob)
	if err != nil {
		return res, err
	}
	if err := r.recallHistory(ctx, g, name, recs, past); err != nil {
		return res, err
	}
	// Events from before their lead's --include-replied enrollment started reach the
	// Pacer only: no enrollment is loaded yet to hear them (beforeStart). A plain
	// start's lead is stopped by a late-recorded reply dated before it (Predates).
	early, newEvents := beforeStart(NewStarts(recs, past.actions), newEvents)
	for _, ev := range early {
		g.Observe(ev)
		cursor = max(cursor, ev.ID)
	}
	byEnrollment := map[*engine.Enrollment]*paceline.EnrollmentRecord{}
	for i := range recs {
		rec := &recs[i]
		l, err := leadOf(rec.LeadFacts)
		if err != nil {
			return res, fmt.Errorf("enrollment %d: %w", rec.ID, err)
		}
		var e *engine.Enrollment
		if isNew(rec) {
			e, err = g.Enroll(rec.Campaign, l, maxTime(rec.Started, last))
		} else {
			var snap engine.Snapshot
			if err := json.Unmarshal([]byte(rec.Snapshot), &snap); err != nil {
				return res, fmt.Errorf("enrollment %d: read snapshot: %w", rec.ID, err)
			}
			e, err = g.Restore(rec.Campaign, l, name, snap)
			if err == nil && resumeAsked(rec.LeadFacts, snap) {
				// A person fixed what held the step: render it again now.
				if rerr := g.Resume(e.Key, now); rerr != nil {
					r.logger().Warn("held step not resumed", "account", name, "enrollment", rec.ID, "error", rerr)
				}
			}
		}
		if err != nil {
			// A lead another running enrollment holds, or a campaign no longer
			// active: leave the record as it is.
			r.logger().Warn("enrollment not loaded", "account", name, "enrollment", rec.ID, "error", err)
			continue
		}
		byEnrollment[e] = rec
	}
	loaded := make(map[string]bool, len(byEnrollment))
	for _, rec := range byEnrollment {
		loaded[rec.Lead] = true
	}
	if err := ob.knowKeys(byEnrollment); err != nil {
		return res, err
	}
	if err := ob.stopOptedOut(ctx, g, byEnrollment, now); err != nil {
		return res, err
	}
	ended, err := r.restoreEnded(ctx, g, name, newEvents, loaded)
	if err != nil {
		return res, err
	}
	missedAnswers(g, byEnrollment, past.events, cursor)
	if err := connectArchived(g, name, early, newEvents); err != nil {
		return res, err
	}
	for _, ev := range newEvents {
		g.Observe(ev)
		cursor = max(cursor, ev.ID)
	}
	res.Events = len(early) + len(newEvents)
	// A lead who answered another account (a reply to an earlier campaign's email, an
	// opt-out by link) stops here too: the engine ends the enrollment if its sequence
	// stops on the answer. The cursor stays this account's: an answer that stops
	// nothing is read again at the next tick, and one that stops the enrollment is not,
	// since its enrollment no longer runs.
	elsewhere, err := st.AnswersElsewhere(ctx, name)
	if err != nil {
		return res, err
	}
	for _, ev := range elsewhere {
		g.Observe(ev)
	}
	for range 1000 {
		if err := g.Step(ctx, now); err != nil {
			return res, err
		}
		ob.stopSuppressed(g, now)
		if w := g.NextWake(); w.IsZero() || w.After(now) {
			break
		}
	}
	res.Executed = ob.executed
	optedOut, err := ob.finishedOptedOut(ctx, byEnrollment)
	if err != nil {
		return res, err
	}
	out := make([]paceline.EnrollmentRecord, 0, len(byEnrollment))
	for e, rec := range byEnrollment {
		snap := e.Snapshot()
		b, err := json.Marshal(snap)
		if err != nil {
			return res, fmt.Errorf("enrollment %d: %w", rec.ID, err)
		}
		saved := StoredRecord(*rec, e, b)
		if optedOut[e] {
			saved.State, saved.Reason = paceline.EnrollmentStopped, string(paceline.EventOptedOut)
		}
		out = append(out, saved)
	}
	endedOut, err := endedChanges(ended)
	if err != nil {
		return res, err
	}
	out = append(out, endedOut...)
	if err := st.SaveTick(ctx, name, out, cursor, now); err != nil {
		return res, err
	}
	if err := r.storePauses(ctx, g); err != nil {
		return res, err
	}
	r.ticks.Add(1)
	r.Metrics.waits(name, g)
	res.Wake = g.NextWake()
	if !next.IsZero() && (res.Wake.IsZero() || next.Before(res.Wake)) {
		res.Wake = next
	}
	return res, nil
}

// ledgerWindow is what a tick read of the account's ledger: its actions and events
// since the account was opened or since limits.History ago, whichever is earlier
// (limits.ReplayWindow).
type ledgerWindow struct {
	actions []paceline.Action
	events  []paceline.Event
}

// engine builds the engine for one account: its Pacer replayed from the ledger and
// the events already applied, and every active campaign it sends for. It returns the
// ledger it read too.
func (r *Runner) engine(ctx context.Context, acct *paceline.Account, cursor int64, now time.Time, ob *outbox) (*engine.Engine, ledgerWindow, error) {
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return nil, ledgerWindow{}, err
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	actions, err := r.Store.Actions(ctx, acct.Name, since, now.Add(time.Microsecond))
	if err != nil {
		return nil, ledgerWindow{}, err
	}
	all, err := r.Store.Events(ctx, acct.Name, since, now.Add(time.Microsecond))
	if err != nil {
		return nil, ledgerWindow{}, err
	}
	applied := make([]paceline.Event, 0, len(all)) // all stays whole for replayAcceptance
	for _, ev := range all {
		if ev.ID <= cursor {
			applied = append(applied, ev)
		}
	}
	pacer, err := limits.Replay(cfg, origin, actions, applied)
	if err != nil {
		return nil, ledgerWindow{}, err
	}
	g, err := engine.New(engine.Options{Executor: ob, Ledger: ob, Seed: r.Seed})
	if err != nil {
		return nil, ledgerWindow{}, err
	}
	// The note limit checks a rendered note against the account type's length, as the
	// simulator does; the sender's name signs the texts ({{sender_first_name}}).
	seatAcct := engine.Account{Name: acct.Name, Pacer: pacer, Schedule: cfg.Schedule,
		NoteLimit: cfg.NoteMaxChars, SenderName: acct.SenderName}
	if err := g.AddAccount(seatAcct); err != nil {
		return nil, ledgerWindow{}, err
	}
	camps, err := r.Store.AccountCampaigns(ctx, acct.Name)
	if err != nil {
		return nil, ledgerWindow{}, err
	}
	for _, c := range camps {
		if c.State != paceline.CampaignActive {
			continue
		}
		seq, err := sequence.Parse([]byte(c.Sequence))
		if err != nil {
			return nil, ledgerWindow{}, fmt.Errorf("campaign %s: %w", c.Name, err)
		}
		if err := g.AddCampaign(engine.Campaign{Name: c.Name, Sequence: seq, Accounts: []string{acct.Name}, Priority: c.Priority}); err != nil {
			return nil, ledgerWindow{}, err
		}
	}
	if err := replayAcceptance(g, camps, actions, all, now); err != nil {
		return nil, ledgerWindow{}, err
	}
	if err := replayWithdrawals(g, acct.Name, actions, now); err != nil {
		return nil, ledgerWindow{}, err
	}
	if err := replayLastAttempts(g, acct.Name, actions); err != nil {
		return nil, ledgerWindow{}, err
	}
	if r.HeldFunc != nil {
		if until, why := r.HeldFunc(acct.Name, now); until.After(now) {
			if err := g.Hold(acct.Name, paceline.KindEmail, until, why); err != nil {
				return nil, ledgerWindow{}, err
			}
		}
	}
	return g, ledgerWindow{actions: actions, events: all}, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.Default()
	}
	return r.Logger
}

// ceilMicro rounds t up to a whole microsecond.
func ceilMicro(t time.Time) time.Time {
	if u := t.Truncate(time.Microsecond); u.Before(t) {
		return u.Add(time.Microsecond)
	}
	return t
}
