package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// UsageCache keeps one Pacer per account, replayed once from the ledger and then fed
// only what was recorded since its last read, so that a dashboard refreshing a hundred
// accounts reads a few rows per account instead of their whole history.
//
// Each read goes back Overlap before the previous one and skips the rows it has seen
// (by ID), which catches an action or event recorded a little after its own instant. A
// seat is rebuilt from scratch every Rebuild (wall time), when the account's settings
// change, or when the clock goes back, which catches anything recorded later still.
type UsageCache struct {
	h History
	// Overlap and Rebuild: 0 is DefaultOverlap and DefaultRebuild.
	Overlap time.Duration
	Rebuild time.Duration

	mu    sync.Mutex // guards seats; each seat has its own lock
	seats map[string]*usageSeat
}

// Defaults of UsageCache.
const (
	DefaultOverlap = 2 * time.Hour
	DefaultRebuild = time.Minute
)

type usageSeat struct {
	mu      sync.Mutex
	p       *limits.Pacer
	updated time.Time // the account's UpdatedAt when the seat was built
	built   time.Time // wall time of the full replay
	read    time.Time // the ledger is read up to here (exclusive)
	seen    map[int64]time.Time
	seenEv  map[int64]time.Time
}

// NewUsageCache returns an empty cache over h.
func NewUsageCache(h History) *UsageCache {
	return &UsageCache{h: h, seats: map[string]*usageSeat{}}
}

// Usage reports an account's usage at now, as Usage does.
func (c *UsageCache) Usage(ctx context.Context, acct *paceline.Account, now time.Time) (AccountUsage, error) {
	c.mu.Lock()
	s := c.seats[acct.Name]
	if s == nil {
		s = &usageSeat{}
		c.seats[acct.Name] = s
	}
	c.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	rebuild := cmp.Or(c.Rebuild, DefaultRebuild)
	if s.p == nil || !s.updated.Equal(acct.UpdatedAt) || now.Before(s.read.Add(-time.Nanosecond)) || time.Since(s.built) > rebuild {
		if err := c.build(ctx, s, acct, now); err != nil {
			s.p = nil
			return AccountUsage{}, err
		}
	} else if err := c.catchUp(ctx, acct.Name, s, now); err != nil {
		return AccountUsage{}, err
	}
	return AccountUsage{
		Name: acct.Name, Type: string(acct.Type), Executor: acct.Executor, HasMailbox: acct.Mailbox, State: string(acct.State),
		TimeZone: acct.TimeZone, Usage: s.p.Snapshot(now),
	}, nil
}

// AllUsage reports every account's usage at now, in the store's order. The accounts
// are read by a few goroutines at once: most of the time goes to the database, which
// serves readers in parallel.
func (c *UsageCache) AllUsage(ctx context.Context, accounts paceline.AccountStore, now time.Time) ([]AccountUsage, error) {
	list, err := accounts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]AccountUsage, len(list))
	errs := make([]error, len(list))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(len(list), max(2, runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = c.Usage(ctx, list[i], now)
			}
		})
	}
	for i := range list {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// build replays the seat's account from the ledger.
func (c *UsageCache) build(ctx context.Context, s *usageSeat, acct *paceline.Account, now time.Time) error {
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return fmt.Errorf("account %s: %w", acct.Name, err)
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	until := now.Add(time.Nanosecond)
	actions, err := c.h.Actions(ctx, acct.Name, since, until)
	if err != nil {
		return err
	}
	events, err := c.h.Events(ctx, acct.Name, since, until)
	if err != nil {
		return err
	}
	p, err := limits.Replay(cfg, origin, actions, events)
	if err != nil {
		return fmt.Errorf("account %s: %w", acct.Name, err)
	}
	s.p, s.updated, s.built, s.read = p, acct.UpdatedAt, time.Now(), until
	s.seen, s.seenEv = map[int64]time.Time{}, map[int64]time.Time{}
	s.remember(actions, events, c.overlap())
	return nil
}

func (c *UsageCache) overlap() time.Duration { return cmp.Or(c.Overlap, DefaultOverlap) }

// remember keeps the IDs of the rows inside the overlap window of the next read.
func (s *usageSeat) remember(actions []paceline.Action, events []paceline.Event, overlap time.Duration) {
	from := s.read.Add(-overlap)
	for _, a := range actions {
		if !a.At.Before(from) {
			s.seen[a.ID] = a.At
		}
	}
	for _, e := range events {
		if !e.At.Before(from) {
			s.seenEv[e.ID] = e.At
		}
	}
	for id, at := range s.seen {
		if at.Before(from) {
			delete(s.seen, id)
		}
	}
	for id, at := range s.seenEv {
		if at.Before(from) {
			delete(s.seenEv, id)
		}
	}
}

// catchUp feeds the seat's Pacer what was recorded since its last read, in time order.
func (c *UsageCache) catchUp(ctx context.Context, name string, s *usageSeat, now time.Time) error {
	from, until := s.read.Add(-c.overlap()), now.Add(time.Nanosecond)
	actions, err := c.h.Actions(ctx, name, from, until)
	if err != nil {
		return err
	}
	events, err := c.h.Events(ctx, name, from, until)
	if err != nil {
		return err
	}
	newActions := slices.DeleteFunc(slices.Clone(actions), func(a paceline.Action) bool { _, ok := s.seen[a.ID]; return ok })
	newEvents := slices.DeleteFunc(slices.Clone(events), func(e paceline.Event) bool { _, ok := s.seenEv[e.ID]; return ok })
	i, j := 0, 0
	for i < len(newActions) || j < len(newEvents) {
		if j >= len(newEvents) || (i < len(newActions) && !newEvents[j].At.Before(newActions[i].At)) {
			s.p.Record(newActions[i])
			i++
			continue
		}
		s.p.Observe(newEvents[j])
		j++
	}
	s.read = until
	s.remember(actions, events, c.overlap())
	s.p.State().Prune(now)
	return nil
}
