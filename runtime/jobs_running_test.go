package runtime

import (
	"context"
	"errors"
	"testing"
)

// heldOnce is a presence whose held lock answers until it is broken.
type heldOnce struct{ broken, released bool }

func (h *heldOnce) Check(context.Context) error {
	if h.broken {
		return errors.New("connection lost")
	}
	return nil
}
func (h *heldOnce) Release() { h.released = true }

type presenceOf struct{ held []*heldOnce }

func (p *presenceOf) Hold(context.Context, string) (Held, error) {
	h := &heldOnce{}
	p.held = append(p.held, h)
	return h, nil
}
func (p *presenceOf) Gone(context.Context, string) (bool, error) { return false, nil }

// A worker that finds its presence lost cuts the ticks it runs and starts none until
// it holds the presence again: the others may hand its ticks back after the grace.
func TestLostPresenceCutsTicks(t *testing.T) {
	ctx := context.Background()
	p := &presenceOf{}
	g := &goneTicks{presence: p, self: "me", running: &runningTicks{}}
	if err := g.hold(ctx); err != nil {
		t.Fatal(err)
	}
	tick, end, ok := g.running.begin(ctx)
	if !ok {
		t.Fatal("a tick was refused while the presence is held")
	}
	defer end()
	if err := g.keep(ctx); err != nil || tick.Err() != nil {
		t.Fatalf("presence held: keep %v, tick %v", err, tick.Err())
	}

	p.held[0].broken = true
	// Hold fails while the database is away: the tick stays cut and none may start.
	g.presence = failing{}
	if err := g.keep(ctx); err == nil {
		t.Fatal("keep took a presence it could not hold")
	}
	if tick.Err() == nil {
		t.Fatal("the running tick went on after the presence was lost")
	}
	if !p.held[0].released {
		t.Error("the lost presence was not released")
	}
	if _, _, ok := g.running.begin(ctx); ok {
		t.Fatal("a tick started while the presence is lost")
	}

	g.presence = p
	if err := g.keep(ctx); err != nil {
		t.Fatal(err)
	}
	if _, end, ok := g.running.begin(ctx); !ok {
		t.Fatal("ticks still refused once the presence is held again")
	} else {
		end()
	}
}

type failing struct{}

func (failing) Hold(context.Context, string) (Held, error) { return nil, errors.New("database away") }
func (failing) Gone(context.Context, string) (bool, error) { return false, errors.New("database away") }
