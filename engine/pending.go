package engine

// A seat's pending invites, found by lead number. Nearly every lead has at most one
// invite out at a time, so it is kept on the lead's person, next to what the engine reads
// with it; an invite from a second seat while the first is pending (two campaigns on
// different accounts) goes to that seat's overflow map. Each (seat, lead) pair lives in
// one place only.

// pendingInvite returns the seat's pending invite to the lead, if any.
func (g *Engine) pendingInvite(s *seat, id int32) (invite, bool) {
	if p := &g.people[id]; p.pendSeat == s {
		return p.pend, true
	}
	if len(s.pending) == 0 {
		return invite{}, false
	}
	inv, ok := s.pending[id]
	return inv, ok
}

// setPending records (or updates) the seat's pending invite to the lead.
func (g *Engine) setPending(s *seat, id int32, inv invite) {
	p := &g.people[id]
	if p.pendSeat == s {
		p.pend = inv
		return
	}
	if _, inMap := s.pending[id]; p.pendSeat == nil && !inMap {
		p.pendSeat, p.pend = s, inv
		return
	}
	s.pending[id] = inv
}

// dropPending forgets the seat's pending invite to the lead, if any.
func (g *Engine) dropPending(s *seat, id int32) {
	if p := &g.people[id]; p.pendSeat == s {
		p.pendSeat, p.pend = nil, invite{}
		return
	}
	if len(s.pending) > 0 {
		delete(s.pending, id)
	}
}

// eachPending calls f with every pending invite of the seat, in no particular order.
// It walks every lead, so it is for the rare look at them all (relievePressure).
func (g *Engine) eachPending(s *seat, f func(id int32, inv invite)) {
	for id := range g.people {
		if p := &g.people[id]; p.pendSeat == s {
			f(int32(id), p.pend)
		}
	}
	for id, inv := range s.pending {
		f(id, inv)
	}
}

// pendingAt returns when the seat's pending invite to the lead was sent, 0 for none.
func (g *Engine) pendingAt(s *seat, id int32) int64 {
	inv, _ := g.pendingInvite(s, id)
	return inv.at
}
