package engine

// Every person the engine has met (by LeadKey) gets a dense number on first sight, and
// what the engine keeps per person lives in a slice at that number: the hot path of a
// simulation with tens of thousands of leads then indexes a slice where it would hash
// a profile URL into several maps. Events still name leads by key; Observe looks the
// number up once.

// person is what the engine knows of one lead across its campaigns and accounts.
type person struct {
	key string
	// active is the lead's one running enrollment, if any.
	active *Enrollment
	// seen is the account that last invited or connected with the lead.
	seen *seat
	// awaiting is the enrollment that last sent the lead a variant, whose goal event
	// (an accept, a reply) is still to be credited.
	awaiting *Enrollment
	// pend is the pending invite from pendSeat, if pendSeat is not nil (pending.go).
	pendSeat *seat
	pend     invite
	// wdAt is when wdSeat last withdrew its invite to the lead, if wdSeat is not nil
	// (reinvite.go).
	wdSeat *seat
	wdAt   int64
}

// personID returns the lead key's number, giving it one on first sight.
func (g *Engine) personID(key string) int32 {
	if id, ok := g.personIDs[key]; ok {
		return id
	}
	id := int32(len(g.people))
	if len(g.people) < cap(g.people) {
		// The room past the end is zero (made so, or cleared by Release): setting the
		// key alone spares appending a whole person, whose every pointer slot goes
		// through the write barrier while the collector marks.
		g.people = g.people[:id+1]
		g.people[id].key = key
	} else {
		g.people = append(g.people, person{key: key})
	}
	g.personIDs[key] = id
	return id
}

// findPerson returns the lead key's number, or false for a lead the engine never met.
func (g *Engine) findPerson(key string) (int32, bool) {
	id, ok := g.personIDs[key]
	return id, ok
}

// activeFor returns the running enrollment of the lead with the key, or nil.
func (g *Engine) activeFor(key string) *Enrollment {
	if id, ok := g.personIDs[key]; ok {
		return g.people[id].active
	}
	return nil
}

// bump marks every queued or timed entry of e stale. The engine keeps a copy of each
// enrollment's generation in gens, by ref: checking whether the entry at the top of a
// heap is stale then reads a small dense array instead of the enrollment itself, which
// in a run with tens of thousands of leads is rarely in the cache.
func (g *Engine) bump(e *Enrollment) {
	e.gen++
	if e.ref >= 0 {
		g.gens[e.ref] = e.gen
	}
}

// live reports whether an entry made at generation gen for the enrollment at ref is
// still current.
func (g *Engine) live(ref int32, gen uint32) bool {
	if ref >= 0 {
		return g.gens[ref] == gen
	}
	return g.detached[-ref-1].gen == gen
}
