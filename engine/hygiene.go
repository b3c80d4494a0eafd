package engine

import (
	"time"

	"github.com/paceline/paceline"
)

// Invite hygiene (DESIGN.md §3 point 7): an invite left pending too long counts against
// the account's pending total, which is itself a restriction trigger, so the engine
// withdraws it once it is WithdrawAfter old, unless a wait_for still holds the lead
// (that sequence decides) or the lead has answered.

// watch is an invite to look at again once it is old enough to withdraw. It names the
// enrollment that sent it (which may have moved on or ended) by ID, Engine.all[id-1],
// and holds no pointer, like timer.
type watch struct {
	at   int64
	id   int64
	inv  int64 // when the invite was sent
	step int   // the invite's step, which the withdrawal is recorded under
}

type hygieneQueue []watch

func (q hygieneQueue) less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].id < q[j].id
}

func (q *hygieneQueue) push(w watch) {
	*q = append(*q, w)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *hygieneQueue) pop() watch {
	h := *q
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && h.less(r, l) {
			c = r
		}
		if !h.less(c, i) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*q = h
	return top
}

// watchInvite notes an invite e has just sent at now.
func (g *Engine) watchInvite(e *Enrollment, now time.Time) {
	e.seat.pending[e.person] = invite{at: now.UnixNano(), e: e, step: e.Step, camp: e.camp, slot: e.camp.sentInvite()}
	g.people[e.person].seen = e.seat
	if g.opt.WithdrawAfter < 0 {
		return
	}
	g.hygiene.push(watch{at: now.Add(g.opt.WithdrawAfter).UnixNano(), id: e.ID, inv: now.UnixNano(), step: e.Step})
}

// sweep withdraws a watched invite that is still pending and that no wait_for holds.
func (g *Engine) sweep(w watch) {
	e := g.all[w.id-1]
	s := e.seat
	if p, ok := s.pending[e.person]; !ok || p.at != w.inv {
		return // answered, withdrawn, or sent again since
	}
	if a := g.people[e.person].active; a != nil && a.seat == s && a.invitedAt == w.inv && (a.phase == phaseWait || a.phase == phaseWithdraw) {
		return // the sequence is still waiting for this invite and will decide
	}
	g.enqueue(detachedWithdrawal(e, w.step, w.inv, time.Unix(0, w.at).UTC()), paceline.KindWithdraw, time.Unix(0, w.at).UTC())
}

// detachedWithdrawal is a withdrawal of e's invite sent at inv by step, queued apart
// from e (which may have moved on or ended).
func detachedWithdrawal(e *Enrollment, step int, inv int64, now time.Time) *Enrollment {
	return &Enrollment{
		ID: e.ID, Lead: e.Lead, Key: e.Key, Account: e.Account, Step: step, State: Active,
		Started: now, camp: e.camp, seat: e.seat, queued: -1, phase: phaseWithdraw,
		touched: true, detached: true, invitedAt: inv, person: e.person,
	}
}

// relievePressure withdraws the account's oldest pending invite when the Pacer stops
// new invites because too many are pending (DESIGN.md §3 point 7): one withdrawal at a
// time, each answered by a new look at the invites.
func (g *Engine) relievePressure(s *seat, now time.Time) {
	if p := s.pressure; p != nil && p.phase == phaseWithdraw {
		return
	}
	var oldest string
	var best invite
	for id, p := range s.pending {
		if key := g.people[id].key; best.e == nil || p.at < best.at || (p.at == best.at && key < oldest) {
			oldest, best = key, p
		}
	}
	if best.e == nil {
		return
	}
	e := best.e
	active := g.people[e.person].active
	if a := active; a == e && a.phase == phaseWait && a.invitedAt == best.at {
		// Its sequence is waiting for this invite: the wait ends as if it timed out.
		e.phase = phaseWithdraw
		g.enqueue(e, paceline.KindWithdraw, now)
		s.pressure = e
		return
	}
	if a := active; a == e && a.phase == phaseWithdraw {
		s.pressure = e
		return
	}
	d := detachedWithdrawal(e, best.step, best.at, now)
	g.enqueue(d, paceline.KindWithdraw, now)
	s.pressure = d
}
