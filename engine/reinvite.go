package engine

import "time"

// ReinviteAfter is how long LinkedIn refuses a new invite from an account to a person
// after the account withdrew its invite to them: about three weeks (LinkedIn help; the
// simulator's ReinviteAfter). An invite step of the lead on that account waits until
// then rather than going out to be refused, whichever campaign it belongs to.
const ReinviteAfter = 21 * 24 * time.Hour

// Withdrawn tells the engine that the account withdrew its invite to the lead at at,
// before this engine was built (the ledger shows it), so that an invite step of the
// lead on that account waits until ReinviteAfter has passed. A withdrawal the engine
// carries out itself is noted as it happens. Errors: EINVALID for an unknown account
// or an empty lead key.
func (g *Engine) Withdrawn(account, leadKey string, at time.Time) error {
	s, id, err := g.recalled(account, leadKey)
	if err != nil {
		return err
	}
	g.noteWithdrawn(s, id, at.UnixNano())
	return nil
}

// noteWithdrawn records that seat s withdrew its invite to lead id at t (unix
// nanoseconds), keeping the latest. As with pending invites, the person keeps the
// withdrawal of one seat (nearly always the only one) in its own slot, and the seat's
// map holds those the slot is taken for: a simulation withdraws thousands of invites,
// and a map entry each cost more than its whole check.
func (g *Engine) noteWithdrawn(s *seat, id int32, t int64) {
	p := &g.people[id]
	switch {
	case p.wdSeat == nil || p.wdSeat == s:
		p.wdSeat, p.wdAt = s, max(p.wdAt, t)
	default:
		if s.withdrawn == nil {
			s.withdrawn = map[int32]int64{}
		}
		if t > s.withdrawn[id] {
			s.withdrawn[id] = t
		}
	}
}

// reinviteAt returns the instant (unix nanoseconds) from which seat s may invite lead
// id again after withdrawing its invite, or 0 when it never withdrew one.
func (g *Engine) reinviteAt(s *seat, id int32) int64 {
	if p := &g.people[id]; p.wdSeat == s {
		return p.wdAt + int64(ReinviteAfter)
	}
	if len(s.withdrawn) == 0 { // the common case: no lookup
		return 0
	}
	if t, ok := s.withdrawn[id]; ok {
		return t + int64(ReinviteAfter)
	}
	return 0
}
