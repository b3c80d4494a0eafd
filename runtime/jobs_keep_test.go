package runtime

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// lockOf is a presence lock that answers until it is broken, or hangs until the
// check's context ends.
type lockOf struct {
	mu             sync.Mutex
	broken, hangs  bool
	released       bool
	checks, hanged int
}

func (l *lockOf) Check(ctx context.Context) error {
	l.mu.Lock()
	l.checks++
	broken, hangs := l.broken, l.hangs
	l.mu.Unlock()
	if hangs {
		<-ctx.Done()
		l.mu.Lock()
		l.hanged++
		l.mu.Unlock()
		return ctx.Err()
	}
	if broken {
		return errors.New("connection lost")
	}
	return nil
}

func (l *lockOf) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.released = true
}

func (l *lockOf) set(broken, hangs bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.broken, l.hangs = broken, hangs
}

// presenceLocks hands out lockOf presences; refuse makes the next Hold calls fail as
// when another worker tests this one's lock at that moment.
type presenceLocks struct {
	mu     sync.Mutex
	held   []*lockOf
	refuse int
}

func (p *presenceLocks) Hold(context.Context, string) (Held, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refuse > 0 {
		p.refuse--
		return nil, errors.New("another process already runs as worker me")
	}
	l := &lockOf{}
	p.held = append(p.held, l)
	return l, nil
}

func (p *presenceLocks) Gone(context.Context, string) (bool, error) { return false, nil }

func (p *presenceLocks) lock(i int) *lockOf {
	p.mu.Lock()
	defer p.mu.Unlock()
	if i >= len(p.held) {
		return nil
	}
	return p.held[i]
}

func (p *presenceLocks) refuseNext(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refuse = n
}

// within waits for ok up to d.
func within(d time.Duration, ok func() bool) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return true
		}
	}
	return ok()
}

// A worker whose supervise rounds never come (wakeAccounts stuck on a busy database)
// still finds its lost presence on its own schedule: its running tick is cut, and
// ticks run again once the presence is taken back. Before, the presence was checked
// only by ReleaseGone, after wakeAccounts, and a slow round left the tick running
// past the grace the other workers wait.
func TestPresenceKeptBetweenRounds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := &presenceLocks{}
	g := &goneTicks{presence: p, self: "me", running: &runningTicks{}, every: 20 * time.Millisecond, timeout: 50 * time.Millisecond}
	if err := g.hold(ctx); err != nil {
		t.Fatal(err)
	}
	defer g.let()
	tick, end, ok := g.running.begin(ctx)
	if !ok {
		t.Fatal("a tick was refused while the presence is held")
	}
	defer end()
	if !within(time.Second, func() bool { l := p.lock(0); l.mu.Lock(); defer l.mu.Unlock(); return l.checks >= 2 }) {
		t.Fatal("the presence was not checked on its own schedule")
	}
	if tick.Err() != nil {
		t.Fatal("the tick was cut while the presence is held")
	}

	p.lock(0).set(true, false)
	// keepEvery+checkTimeout here is 70 ms; the grace the others wait is 10 s.
	select {
	case <-tick.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("the running tick went on after the presence was lost, with no supervise round")
	}
	if !within(time.Second, func() bool { return p.lock(1) != nil }) {
		t.Fatal("the presence was not taken back")
	}
	if !within(time.Second, func() bool {
		_, end, ok := g.running.begin(ctx)
		end()
		return ok
	}) {
		t.Fatal("ticks still refused once the presence is held again")
	}
}

// A check that does not answer (a black-holed connection) counts as a lost presence
// once checkTimeout is over: the tick is cut without waiting for the connection.
func TestPresenceCheckThatHangs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := &presenceLocks{}
	g := &goneTicks{presence: p, self: "me", running: &runningTicks{}, every: 20 * time.Millisecond, timeout: 100 * time.Millisecond}
	if err := g.hold(ctx); err != nil {
		t.Fatal(err)
	}
	defer g.let()
	tick, end, ok := g.running.begin(ctx)
	if !ok {
		t.Fatal("a tick was refused while the presence is held")
	}
	defer end()
	p.lock(0).set(false, true)
	select {
	case <-tick.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("a check that never answered left the tick running")
	}
	l := p.lock(0)
	l.mu.Lock()
	hanged, released := l.hanged, l.released
	l.mu.Unlock()
	if hanged == 0 || !released {
		t.Errorf("the hung check was not timed out (%d) or the lock not released (%v)", hanged, released)
	}
}

// Another worker testing whether this one is gone holds its lock for a moment: a
// single failure to take the presence back then is no database failure. One that
// lasts is reported.
func TestPresenceTakenBackQuietly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := &presenceLocks{}
	g := &goneTicks{presence: p, self: "me", running: &runningTicks{}, every: time.Hour}
	if err := g.hold(ctx); err != nil {
		t.Fatal(err)
	}
	g.let() // the checks are driven by hand below
	g.working = true
	g.held = p.lock(0)
	round := func() error {
		g.keepOnce(ctx)
		return g.lost()
	}
	p.lock(0).set(true, false)
	p.refuseNext(1)
	if err := round(); err != nil {
		t.Fatalf("a moment's refusal was reported: %v", err)
	}
	if err := round(); err != nil || p.lock(1) == nil {
		t.Fatalf("the presence was not taken back at the next check: %v", err)
	}
	p.lock(1).set(true, false)
	p.refuseNext(10)
	if err := round(); err != nil {
		t.Fatalf("the first refusal was reported: %v", err)
	}
	if err := round(); err == nil {
		t.Fatal("a presence that could not be taken back for two checks was not reported")
	}
}
