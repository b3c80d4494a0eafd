package engine

// Memory is the room an engine keeps per lead: the enrollment slab, the people and
// their numbers, the enrollment list and generations, the timer heap, the hygiene
// queue and the seats' ready queues and maps. A simulation runs the same campaign many
// times, one run after another (a forecast, a benchmark); allocating these tables afresh
// for every run cost about a third of the bytes a run allocates, the clearing of fresh
// memory and the collections those bytes bring on. An engine that is done hands its
// tables on with Release, and the next one takes them with Options.Memory.
type Memory struct {
	people    []person
	personIDs map[string]int32
	slab      []Enrollment
	all       []*Enrollment
	gens      []uint32
	timers    timerQueue
	watches   []watch
	// ready holds the seats' ready queues, emptied, seat by seat and kind by kind: a
	// run of the same campaign adds its accounts in the same order, so each queue
	// comes back to the seat and kind that grew it. Growing them was the largest
	// allocation of a run left (a sixth of its bytes). Their entries hold no
	// pointer, so they need no clearing.
	ready []readyQueue
	// seatMaps holds the seats' maps of invites pending and leads connected, emptied,
	// seat by seat as ready does: a cleared map keeps its room, and growing them
	// again run after run (a few hundred accepted invites a seat) cost more than
	// the assignments themselves.
	seatMaps []seatMaps
}

// seatMaps are the maps of one seat that Memory hands on.
type seatMaps struct {
	pending   map[int32]invite
	connected map[int32]int64
}

// Release ends the engine and returns its per-lead tables, cleared, for the next
// engine's Options.Memory. Neither the engine nor any enrollment it handed out may be
// used afterwards: the next engine hands out the same enrollments again.
func (g *Engine) Release() *Memory {
	// Cleared now rather than when taken, so that the memory held between runs keeps
	// no lead, seat or campaign of this run alive.
	clear(g.slabAll)
	clear(g.people[:cap(g.people)])
	clear(g.all[:cap(g.all)])
	clear(g.personIDs)
	ready, maps := g.spareReady[:0], g.spareMaps[:0]
	for _, s := range g.seats {
		for _, q := range s.ready {
			ready = append(ready, q[:0])
		}
		clear(s.pending)
		clear(s.connected)
		maps = append(maps, seatMaps{pending: s.pending, connected: s.connected})
	}
	m := &Memory{
		people: g.people[:0], personIDs: g.personIDs, slab: g.slabAll, all: g.all[:0],
		gens: g.gens[:0], timers: g.timers[:0], watches: g.hygiene.w[:0], ready: ready, seatMaps: maps,
	}
	*g = Engine{}
	return m
}

// reuse gives g the tables of m, which hold room for at least n leads, and reports
// whether they did: tables too small for the run are left for the collector rather
// than grown.
func (g *Engine) reuse(m *Memory, n int) bool {
	if m != nil {
		// The ready queues grow with the run whatever its lead count: always taken.
		g.spareReady, m.ready = m.ready, nil
		g.spareMaps, m.seatMaps = m.seatMaps, nil
	}
	if m == nil || len(m.slab) < n || cap(m.people) < n || cap(m.all) < n || cap(m.gens) < n {
		return false
	}
	g.people, g.personIDs, g.slab, g.slabAll = m.people, m.personIDs, m.slab, m.slab
	g.all, g.gens, g.timers, g.hygiene.w = m.all, m.gens, m.timers, m.watches
	*m = Memory{} // the tables now belong to g alone
	return true
}

// readyQueue returns an empty ready queue for a new seat: the next of the queues the
// last engine released, if any is left.
func (g *Engine) readyQueue() readyQueue {
	if g.nextReady < len(g.spareReady) {
		q := g.spareReady[g.nextReady]
		g.spareReady[g.nextReady] = nil // the seat alone holds it now
		g.nextReady++
		return q
	}
	return nil
}

// seatMaps returns empty maps for a new seat: the next of those the last engine
// released, if any is left.
func (g *Engine) seatMaps() seatMaps {
	if g.nextMaps < len(g.spareMaps) {
		m := g.spareMaps[g.nextMaps]
		g.spareMaps[g.nextMaps] = seatMaps{} // the seat alone holds them now
		g.nextMaps++
		return m
	}
	return seatMaps{pending: map[int32]invite{}, connected: map[int32]int64{}}
}
