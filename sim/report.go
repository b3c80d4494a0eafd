package sim

import (
	"context"
	"errors"
	"math"
	"time"
)

// Report is what `paceline simulate` prints: the run's Result and why some of its leads
// did not go through their sequence as written (Stalls). The JSON has the fields of both.
type Report struct {
	*Result
	Stalls
}

// Prepared is a run that is set up and checked but not started: every error that its
// inputs can cause comes from Prepare, so a caller can do in between what only a run
// that goes ahead needs (create its --ledger directory).
type Prepared struct {
	r    *run
	wall time.Time
}

// Prepare sets a run up as Run does, without running it.
func Prepare(cfg Config) (*Prepared, error) {
	wall := time.Now()
	r, err := newRun(cfg, nil, true)
	if err != nil {
		return nil, err
	}
	return &Prepared{r: r, wall: wall}, nil
}

// Run plays the prepared run out, like Run, and says why leads stalled. A Prepared
// runs once.
func (p *Prepared) Run(ctx context.Context) (*Report, error) {
	r := p.r
	if r == nil {
		return nil, errors.New("sim: a prepared run runs only once")
	}
	p.r = nil
	if err := r.loop(ctx); err != nil {
		return nil, err
	}
	rep := &Report{Result: r.result(), Stalls: r.stalls()}
	rep.WallSeconds = math.Round(time.Since(p.wall).Seconds()*1000) / 1000
	return rep, nil
}
