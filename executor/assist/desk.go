package assist

import (
	"context"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// MaxOffers is how many working days a task is offered before it is given up as
// expired: a lead nobody dealt with for a week needs a person to look at the campaign.
const MaxOffers = 5

// Store is what the Desk keeps its tasks in and reads the limits from;
// store/sqlite.Store and store/postgres.Store are ones.
type Store interface {
	paceline.TaskStore
	paceline.Ledger
	Account(ctx context.Context, name string) (*paceline.Account, error)
	RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error)
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)
}

// Desk is the hand-off executor: the engine gives it due actions, people and agents
// take them from it. Its tasks live in the Store, so any process may serve it.
type Desk struct {
	Store Store
	// NowFunc is the clock: time.Now in a server, the virtual clock in a test.
	NowFunc func() time.Time
	// StoppedFunc, when set, says why a task's lead must not be contacted any more (a
	// reply on any channel stopped their sequence, an opt-out), or "" when they may:
	// Sweep then closes the task unsent. A task handed off before the answer came
	// would otherwise stay on the list, and a person working through it would message
	// someone who had answered or asked to hear nothing more. runtime.LeadStopped is
	// one.
	StoppedFunc func(ctx context.Context, t *paceline.Task) (reason string, err error)
	// CampaignPausedFunc, when set, says whether a campaign is paused: Sweep takes back
	// what its tasks were offered and offers them nothing until it resumes, as for a
	// paused account (campaigns pause holds every lead where it is).
	CampaignPausedFunc func(ctx context.Context, campaign string) (bool, error)
	// WakeFunc, when set, brings an account's tick forward to now (the job queue's
	// Ensure with now): Finish calls it after it records a report's events (an accept,
	// a reply, a limit notice), which the account's tick applies. nil leaves them to
	// the tick's next planned run.
	WakeFunc func(ctx context.Context, account string) error

	// sweeping serialises this process's sweeps, so that two agents leasing at once
	// do not both give a planned task a slot from Pacers that cannot see each other.
	// (Across processes the ledger's key dedupe keeps a slot from being taken twice;
	// run the sweeps of one account in one process, as the runtime's ticks are.)
	sweeping sync.Mutex
}

var (
	_ engine.Executor     = (*Desk)(nil)
	_ engine.TextExecutor = (*Desk)(nil)
)

func (d *Desk) now() time.Time {
	if d.NowFunc == nil {
		return time.Now().UTC()
	}
	return d.NowFunc().UTC()
}

func (d *Desk) schedule(ctx context.Context, account string) (paceline.Schedule, *paceline.Account, error) {
	acct, err := d.Store.Account(ctx, account)
	if err != nil {
		return paceline.Schedule{}, nil, err
	}
	sched, err := acct.Schedule()
	return sched, acct, err
}

// dayEnd is when a task offered at t expires: the end of the working window of t's
// local day, or of the next window when t falls outside one.
func dayEnd(s paceline.Schedule, t time.Time) time.Time {
	if start, end := s.DayWindow(t); !t.Before(start) && t.Before(end) {
		return end
	}
	_, end := s.NextOpen(t)
	if end.IsZero() {
		return t.Add(24 * time.Hour)
	}
	return end
}
