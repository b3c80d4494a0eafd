package engine

import (
	"time"

	"github.com/paceline/paceline"
)

// Invite hygiene (DESIGN.md §3 point 7): an invite left pending too long counts against
// the account's pending total, which is itself a restriction trigger, so the engine
// withdraws it once it is WithdrawAfter old, unless a wait_for still holds the lead
// (that sequence decides) or the lead has answered.

// watch is an invite to look at again once it is old enough to withdraw.
type watch struct {
	at   int64
	id   int64
	e    *Enrollment // the enrollment that sent it (it may have moved on or ended)
	inv  int64       // when the invite was sent
	step int         // the invite's step, which the withdrawal is recorded under
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
	h[n] = watch{}
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
	e.seat.pending[e.Key] = now.UnixNano()
	g.seen[e.Key] = e.seat
	if g.opt.WithdrawAfter < 0 {
		return
	}
	g.hygiene.push(watch{at: now.Add(g.opt.WithdrawAfter).UnixNano(), id: e.ID, e: e, inv: now.UnixNano(), step: e.Step})
}

// sweep withdraws a watched invite that is still pending and that no wait_for holds.
func (g *Engine) sweep(w watch) {
	e := w.e
	s := e.seat
	if sent, ok := s.pending[e.Key]; !ok || sent != w.inv {
		return // answered, withdrawn, or sent again since
	}
	if a := g.active[e.Key]; a != nil && a.seat == s && a.invitedAt == w.inv && (a.phase == phaseWait || a.phase == phaseWithdraw) {
		return // the sequence is still waiting for this invite and will decide
	}
	d := &Enrollment{
		ID: e.ID, Lead: e.Lead, Key: e.Key, Account: e.Account, Step: w.step, State: Active,
		Started: time.Unix(0, w.at).UTC(), camp: e.camp, seat: s, queued: -1, phase: phaseWithdraw,
		touched: true, detached: true, invitedAt: w.inv,
	}
	g.enqueue(d, paceline.KindWithdraw, time.Unix(0, w.at).UTC())
}
