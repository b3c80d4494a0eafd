package engine

import "github.com/paceline/paceline"

// Observe takes in one event: the account's Pacer learns from it (accepts, push-backs,
// restrictions), and the lead's running enrollment moves on (an accept ends the wait
// for it) or stops (a stop_on event such as a reply, on any channel and from any
// account, stops every pending step of that lead). Events may arrive in any order with
// Step calls, but their instants should not lie in the future of the next Step.
func (g *Engine) Observe(ev paceline.Event) {
	s := g.seatNamed(ev.Account)
	if s != nil {
		s.Pacer.Observe(ev)
		s.forget(ev)
		g.touch(s)
	}
	if ev.Lead == "" {
		return
	}
	var id int32
	if s != nil && ev.Type == paceline.EventAccepted {
		id = g.personID(ev.Lead) // a connection is worth remembering for a later enrollment
	} else if known, ok := g.findPerson(ev.Lead); ok {
		id = known
	} else {
		return
	}
	if s != nil && (ev.Type == paceline.EventAccepted || ev.Type == paceline.EventDeclined || ev.Type == paceline.EventWithdrawn) {
		g.resolveInvite(s, id, ev.Type == paceline.EventAccepted)
		if _, ok := s.connected[id]; !ok && ev.Type == paceline.EventAccepted {
			s.connected[id] = ev.At.UnixNano()
			g.people[id].seen = s
		}
	}
	g.creditGoal(ev, s, id)
	e := g.people[id].active
	if e == nil {
		return
	}
	seq := e.camp.Sequence
	if seq.Stops(ev.Type) {
		g.end(e, Stopped, string(ev.Type), ev.At)
		return
	}
	if ev.Type != paceline.EventAccepted || s != e.seat {
		return
	}
	if e.Connected {
		return
	}
	e.Connected, e.AcceptedAt = true, ev.At
	switch e.phase {
	case phaseWait:
		if w := e.step().WaitFor; w != nil && w.Event == paceline.EventAccepted {
			g.goTo(e, seq.Next(e.Step), ev.At)
		}
	case phaseWithdraw:
		// Accepted while its withdrawal waited for a slot: nothing to withdraw any
		// more, and the lead goes on as if the wait had ended with the accept.
		g.goTo(e, seq.Next(e.Step), ev.At)
	}
}

// seatNamed returns the account of that name, or nil. With a few accounts it compares
// the names in turn, which costs less than hashing the name (events name their
// account by the name the engine was given, so a match is seldom more than a length
// and a pointer compared).
func (g *Engine) seatNamed(name string) *seat {
	if len(g.seats) > 8 {
		return g.byName[name]
	}
	for _, s := range g.seats {
		if s.Name == name {
			return s
		}
	}
	return nil
}
