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

// hygieneQueue holds the watches in order of (at, id), oldest first. Every invite is
// watched for the same age, so new watches nearly always come last: the queue is a
// sorted slice with a moving head, where a push is an append and a pop a step forward
// (a restored invite older than the newest watch is put in its place).
type hygieneQueue struct {
	w    []watch
	head int
}

func (w watch) before(o watch) bool {
	if w.at != o.at {
		return w.at < o.at
	}
	return w.id < o.id
}

// len returns how many watches wait.
func (q *hygieneQueue) len() int { return len(q.w) - q.head }

// first returns the oldest watch; the queue must not be empty.
func (q *hygieneQueue) first() watch { return q.w[q.head] }

func (q *hygieneQueue) push(w watch) {
	if q.head > 0 && q.head >= len(q.w)/2 {
		// Reuse the room the popped watches left once it is half the slice.
		n := copy(q.w, q.w[q.head:])
		q.w, q.head = q.w[:n], 0
	}
	i := len(q.w)
	for i > q.head && w.before(q.w[i-1]) {
		i--
	}
	q.w = append(q.w, watch{})
	copy(q.w[i+1:], q.w[i:])
	q.w[i] = w
}

func (q *hygieneQueue) pop() watch {
	w := q.w[q.head]
	q.head++
	return w
}

// watchInvite notes an invite e has just sent at now.
func (g *Engine) watchInvite(e *Enrollment, now time.Time) {
	g.setPending(e.seat, e.person, invite{at: now.UnixNano(), e: e, step: e.Step, camp: e.camp, slot: e.camp.sentInvite()})
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
	if p, ok := g.pendingInvite(s, e.person); !ok || p.at != w.inv {
		return // answered, withdrawn, or sent again since
	}
	if a := g.people[e.person].active; a != nil && a.seat == s && a.invitedAt == w.inv && (a.phase == phaseWait || a.phase == phaseWithdraw) {
		return // the sequence is still waiting for this invite and will decide
	}
	g.enqueue(g.detachedWithdrawal(e, w.step, w.inv, time.Unix(0, w.at).UTC()), paceline.KindWithdraw, time.Unix(0, w.at).UTC())
}

// detachedWithdrawal is a withdrawal of e's invite sent at inv by step, queued apart
// from e (which may have moved on or ended).
func (g *Engine) detachedWithdrawal(e *Enrollment, step int, inv int64, now time.Time) *Enrollment {
	d := &Enrollment{
		ID: e.ID, Lead: e.Lead, Key: e.Key, Account: e.Account, Step: step, State: Active,
		Started: now, camp: e.camp, seat: e.seat, queued: -1, phase: phaseWithdraw,
		touched: true, detached: true, invitedAt: inv, person: e.person, lead: e.lead,
		ref: -int32(len(g.detached)) - 1,
	}
	g.detached = append(g.detached, d)
	return d
}

// byRef returns the enrollment a queue entry names: one of all by index, or a
// detached withdrawal (a negative ref).
func (g *Engine) byRef(ref int32) *Enrollment {
	if ref >= 0 {
		return g.all[ref]
	}
	return g.detached[-ref-1]
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
	g.eachPending(s, func(id int32, p invite) {
		if p.e == nil {
			return // known from the ledger only (InvitePending): no enrollment here to withdraw it
		}
		if key := g.people[id].key; best.e == nil || p.at < best.at || (p.at == best.at && key < oldest) {
			oldest, best = key, p
		}
	})
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
	d := g.detachedWithdrawal(e, best.step, best.at, now)
	g.enqueue(d, paceline.KindWithdraw, now)
	s.pressure = d
}
