package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// Journal is the simulated platform's durable memory of what it carried out, kept
// apart from paceline's ledger the way LinkedIn's own record is: a process that dies
// between the platform's answer and paceline's ledger write loses nothing the platform
// did. Both stores implement it (table sim_executions).
type Journal interface {
	// SimRecord stores a carried-out action once per key; fresh is false (and stored
	// the first record) when the key was already carried out.
	SimRecord(ctx context.Context, a paceline.Action) (stored paceline.Action, fresh bool, err error)
	// SimExecuted reports whether the key was carried out, and how.
	SimExecuted(ctx context.Context, key string) (paceline.Action, bool, error)
	// SimActions returns the account's carried-out actions with At in [since, until).
	SimActions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error)
}

// Platform is the simulated LinkedIn for the durable runtime (serve, worker): unlike
// LinkedIn, which lives in one process's memory for a virtual-time run, it keeps what
// it did in a Journal and derives every answer (accept, reply, opt-out and their
// delays) from the seed and the action, so any process, after any crash, tells the
// same story. It answers "did you execute key K?" (Executed), which is what lets the
// runtime reconcile an in-flight action instead of sending it again.
//
// It models acceptance and replies with the LinkedIn model's parameters; it does not
// model hidden limits or restrictions (the runtime's Pacer keeps under the caps, and
// virtual-time runs are where push-back is studied).
type Platform struct {
	p    Params
	seed uint64
	j    Journal
	// LeadFunc returns what the platform knows of a lead (seniority, mutual
	// connections, fit) by key; nil, or a nil answer, is an average lead.
	LeadFunc func(key string) *paceline.Lead
	// Latency is how long the platform takes to answer, in wall time: half before it
	// acts, half after (a browser round trip takes seconds). Zero answers at once.
	Latency time.Duration
}

var _ engine.Executor = (*Platform)(nil)

// lookback bounds how long after an action its answer can come: accept and reply
// delays are drawn from long-tailed distributions and cut here.
const lookback = 30 * 24 * time.Hour

// NewPlatform returns a simulated platform with the given parameters and seed, keeping
// its memory in j.
func NewPlatform(p Params, seed uint64, j Journal) *Platform {
	return &Platform{p: p, seed: seed, j: j}
}

// Execute carries out the action once per key: a key already carried out answers with
// the first result and changes nothing, so the platform is idempotent on the key as
// every executor must be.
func (pl *Platform) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	if a.Key == "" {
		return engine.Outcome{}, paceline.FieldErrorf("key", "the simulated platform needs an idempotency key")
	}
	a.Result = paceline.ResultDone
	if err := pause(ctx, pl.Latency/2); err != nil {
		return engine.Outcome{}, err
	}
	stored, _, err := pl.j.SimRecord(ctx, a)
	if err != nil {
		return engine.Outcome{}, err
	}
	// The platform has acted: from here on, only its answer can be lost.
	time.Sleep(pl.Latency - pl.Latency/2)
	return engine.Outcome{Result: stored.Result}, nil
}

// Executed reports whether the platform carried out the key, and with what result.
func (pl *Platform) Executed(ctx context.Context, key string) (engine.Outcome, bool, error) {
	a, ok, err := pl.j.SimExecuted(ctx, key)
	if err != nil || !ok {
		return engine.Outcome{}, false, err
	}
	return engine.Outcome{Result: a.Result}, true, nil
}

// Events returns what the platform shows the account with At in [since, until): the
// accepts of its invites and the replies and opt-outs to its messages, each with a key
// of its own so that delivering it twice stores it once. next is the instant of the
// first answer at or after until that the actions so far will bring (zero if none).
func (pl *Platform) Events(ctx context.Context, account string, since, until time.Time) (events []paceline.Event, next time.Time, err error) {
	acts, err := pl.j.SimActions(ctx, account, since.Add(-lookback), until)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("simulated platform: events of %s: %w", account, err)
	}
	withdrawn := map[string][]time.Time{}
	for _, a := range acts {
		if a.Kind == paceline.KindWithdraw {
			withdrawn[a.Lead] = append(withdrawn[a.Lead], a.At)
		}
	}
	for _, a := range acts {
		ev, ok := pl.answer(a, withdrawn[a.Lead])
		if !ok {
			continue
		}
		switch {
		case ev.At.Before(since):
		case ev.At.Before(until):
			events = append(events, ev)
		case next.IsZero() || ev.At.Before(next):
			next = ev.At
		}
	}
	slices.SortStableFunc(events, func(x, y paceline.Event) int { return x.At.Compare(y.At) })
	return events, next, nil
}

// answer is the lead's answer to one carried-out action, if any: a pure function of
// the seed, the lead and the action, so it is the same in every process.
func (pl *Platform) answer(a paceline.Action, withdrawals []time.Time) (paceline.Event, bool) {
	h := hashKey(a.Lead)
	l := pl.lead(a.Lead)
	noise := pl.p.Noise * normal(pl.seed, h, saltNoise)
	fit := pl.p.FitLift * float64(l.Score-50) / 50
	ev := paceline.Event{Account: a.Account, Lead: a.Lead}
	t := a.At.UnixNano()
	switch a.Kind {
	case paceline.KindInvite:
		x := logit(pl.p.AcceptBase) + pl.p.Seniority[l.Seniority] + noise + fit
		x += pl.p.MutualLift * math.Log1p(float64(l.MutualConnections))
		if a.WithNote {
			x += pl.p.NoteLift
		}
		if uniform(pl.seed, h, saltAccept) >= logistic(x) {
			return ev, false
		}
		d := min(lognormal(pl.p.AcceptMedian, pl.p.AcceptSigma, normal(pl.seed, h, saltAcceptDelay)), int64(lookback))
		ev.At, ev.Type = time.Unix(0, t+d).UTC(), paceline.EventAccepted
		for _, w := range withdrawals {
			if w.After(a.At) && w.Before(ev.At) {
				return ev, false // withdrawn before the lead got to it
			}
		}
	case paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage, paceline.KindEmail:
		base := pl.p.ReplyFirst
		switch a.Kind {
		case paceline.KindInMail, paceline.KindOpenProfileMessage:
			base = pl.p.ReplyInMail
		case paceline.KindEmail:
			base = pl.p.ReplyEmail
		}
		salt := hashKey(a.Key)
		p := logistic(logit(base) + fit + noise)
		u := uniform(pl.seed, h, saltReply^salt)
		switch {
		case u < p:
			d := min(lognormal(pl.p.ReplyMedian, pl.p.ReplySigma, normal(pl.seed, h, saltReplyDelay^salt)), int64(lookback))
			ev.At, ev.Type = time.Unix(0, t+d).UTC(), paceline.EventReplied
		case u < p+pl.p.OptOut:
			ev.At, ev.Type = a.At.Add(3*time.Hour), paceline.EventOptedOut
		default:
			return ev, false
		}
	default:
		return ev, false
	}
	ev.Key = "sim:" + string(ev.Type) + ":" + a.Key
	return ev, true
}

func (pl *Platform) lead(key string) *paceline.Lead {
	if pl.LeadFunc != nil {
		if l := pl.LeadFunc(key); l != nil {
			return l
		}
	}
	return &paceline.Lead{Score: 50}
}

// pause waits d, or less if ctx ends first.
func pause(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
