package engine

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
)

// goTo moves e to step i, whose delay starts at from; i < 0 ends the enrollment.
func (g *Engine) goTo(e *Enrollment, i int, from time.Time) {
	g.unqueue(e)
	if i < 0 || e.detached {
		// A detached withdrawal that cannot go out (the account cannot withdraw) has
		// nothing further to do: the lead's own enrollment goes on by itself.
		g.end(e, Finished, "", from)
		return
	}
	e.Step, e.State, e.phase, e.attempt, e.failures, e.plain, e.rendered = i, Active, phaseDelay, 0, 0, false, 0
	st := e.step()
	due := from
	if st.Delay.Max > 0 {
		span := st.Delay.Pick(e.stepSeed(st.ID) ^ g.opt.Seed)
		var t time.Time
		if st.Delay.In == sequence.Working {
			t = e.seat.addWorking(from, span) // Delay.From, on the seat's cached calendar
		} else {
			t = from.Add(span)
		}
		if !t.IsZero() {
			due = t
		}
	}
	g.schedule(e, due)
}

// schedule sets a timer for e at t.
func (g *Engine) schedule(e *Enrollment, t time.Time) {
	g.bump(e)
	e.Due = t
	g.timers.push(timer{at: t.UnixNano(), ref: e.ref, gen: e.gen})
}

// fire handles e's timer at its instant t: a step that comes due, or a wait that times
// out.
func (g *Engine) fire(e *Enrollment, t time.Time) {
	seq := e.camp.Sequence
	st := e.step()
	if e.phase == phaseWait {
		switch {
		case st.WaitFor.OnTimeout.Action == sequence.TimeoutWithdraw && st.Kind == paceline.KindInvite && !e.Connected && e.touched:
			e.phase = phaseWithdraw
			g.enqueue(e, paceline.KindWithdraw, t)
		default:
			g.goTo(e, seq.Timeout(e.Step), t)
		}
		return
	}
	if st.If != nil && !st.If.Eval(e.facts()) {
		g.goTo(e, seq.Skip(e.Step), t)
		return
	}
	switch {
	case st.Kind == sequence.KindWait:
		g.done(e, t)
	case st.Kind == paceline.KindInvite && e.Connected:
		// Already connected (a lead who accepted an earlier invite): nothing to send,
		// and nothing to wait for.
		g.goTo(e, seq.Next(e.Step), t)
	case st.Kind == paceline.KindInvite && g.reinviteAt(e.seat, e.person) > t.UnixNano():
		// The account withdrew its invite to the lead less than ReinviteAfter ago:
		// LinkedIn would refuse a new one until then, so the step waits.
		g.schedule(e, time.Unix(0, g.reinviteAt(e.seat, e.person)).UTC())
	case st.Kind == paceline.KindInvite && g.pendingAt(e.seat, e.person) != 0:
		// An invite from this account is still pending (sent by an earlier campaign):
		// a second one would fail; wait for the answer to the first.
		inv, _ := g.pendingInvite(e.seat, e.person) // its answer still counts for the campaign that sent it
		e.invitedAt, e.touched = inv.at, true
		inv.e, inv.step = e, e.Step
		g.setPending(e.seat, e.person, inv)
		g.done(e, t)
	case st.Kind == paceline.KindInvite && e.camp.acc.reason != "":
		// A new first touch while the campaign is paused for a low acceptance rate.
		g.park(e)
	case sequence.IsLinkedInMessage(st.Kind):
		// Never a message minutes after an accept: the clearest automation tell.
		if at := seq.EarliestSend(e.Step, t, e.AcceptedAt); at.After(t) {
			g.schedule(e, at)
			return
		}
		g.enqueue(e, st.Kind, t)
	default:
		g.enqueue(e, st.Kind, t)
	}
}

// done moves e on once the current step's action is done at t: into its wait_for, or
// to the next step.
func (g *Engine) done(e *Enrollment, t time.Time) {
	st := e.step()
	if w := st.WaitFor; w != nil {
		if w.Event == paceline.EventAccepted && e.Connected {
			g.goTo(e, e.camp.Sequence.Next(e.Step), e.AcceptedAt)
			return
		}
		g.unqueue(e)
		e.State, e.phase = Waiting, phaseWait
		g.schedule(e, t.Add(w.Timeout))
		return
	}
	g.goTo(e, e.camp.Sequence.Next(e.Step), t)
}

// enqueue puts e's due action of kind k on its account's ready queue.
func (g *Engine) enqueue(e *Enrollment, k paceline.ActionKind, t time.Time) {
	g.unqueue(e)
	g.bump(e)
	e.Due = t
	if e.phase != phaseWithdraw {
		e.phase = phaseReady
	}
	class := uint8(1)
	if e.touched {
		class = 0
	}
	s := e.seat
	i := k.Index()
	s.ready[i].push(item{
		ref: e.ref, gen: e.gen, class: class, prio: int32(e.camp.Priority),
		score: e.lead.score, since: t.UnixNano(), id: int32(e.ID),
	})
	s.waiting[i]++
	s.busy |= 1 << i
	e.queued = int8(i)
	if k == paceline.KindInvite {
		// An invite with a note and one without get different answers.
		s.notBefore[i] = 0
	}
	g.touch(s)
}

// unqueue takes e off the count of its ready queue; its entry goes stale with the next
// change of e.gen and is dropped when it reaches the top.
func (g *Engine) unqueue(e *Enrollment) {
	if e.queued >= 0 {
		s := e.seat
		if s.waiting[e.queued]--; s.waiting[e.queued] == 0 {
			s.busy &^= 1 << e.queued
		}
		e.queued = -1
		g.bump(e)
	}
}

// end finishes or stops e at t.
func (g *Engine) end(e *Enrollment, s State, reason string, t time.Time) {
	if e.phase == phaseEnded {
		return
	}
	g.unqueue(e)
	g.bump(e)
	e.State, e.phase, e.Reason, e.Ended, e.Step = s, phaseEnded, reason, t, -1
	if e.detached {
		return
	}
	if p := &g.people[e.person]; p.active == e {
		p.active = nil
	}
	g.running--
}

// touch marks a seat as needing a look before the engine sleeps.
func (g *Engine) touch(s *seat) {
	if !s.dirty {
		s.dirty = true
		g.dirtySeats = append(g.dirtySeats, s.index)
	}
}
