package limits

import "time"

// Reset empties s for a history that starts at origin, as NewState(origin) returns
// one, but keeps the room its slices and tables grew. A simulation runs the same
// accounts hundreds of times, one run after another; growing every account's windows,
// pending invites and resolutions again each time was about a quarter of the bytes a
// run allocated, and those bytes brought the collector on. Everything is cleared: no
// lead key or instant of the last history stays reachable or visible.
func (s *State) Reset(origin time.Time) {
	done := s.done
	for k := range done {
		done[k] = done[k][:0]
	}
	inmailTo := s.inmailTo
	if inmailTo == nil {
		inmailTo = map[string]int64{}
	}
	clear(inmailTo)
	pending := s.pending
	pending.empty()
	*s = State{
		origin:    origin.UnixNano(),
		done:      done,
		notes:     s.notes[:0],
		credits:   s.credits[:0],
		inmailTo:  inmailTo,
		pushbacks: s.pushbacks[:0],
		pending:   pending,
		resolved:  s.resolved[:0],
	}
}

// NewReusing is New for a caller that is done with spare, another Pacer: the new
// Pacer is spare itself, emptied (its State by Reset, its caches and memo cleared),
// so that it keeps the room spare's state grew. It decides exactly as New's Pacer
// would. Neither spare nor its State may be used for the old account afterwards. A
// nil spare is New.
func NewReusing(cfg Config, origin time.Time, spare *Pacer) (*Pacer, error) {
	if spare == nil {
		return New(cfg, origin)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, cal := spare.st, spare.cal
	if st == nil {
		st = NewState(origin)
	}
	if cal == nil {
		cal = &calendar{}
	}
	st.Reset(origin)
	// As New: room for the pending invites the guard allows, kept when it has it.
	if g := cfg.Guards.MaxPending; g > 0 {
		st.pending.reserve(g)
	}
	st.SeedConnections(cfg.Connections, cfg.ConnectionsAt)
	*cal = calendar{sched: cfg.Schedule}
	*spare = Pacer{cfg: cfg, st: st, cal: cal}
	return spare, nil
}
