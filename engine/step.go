package engine

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// Step does everything that is due at now: steps whose delay ended come due, waits
// time out, and every account that may act does its best-ranked allowed action (at
// most one each: the Pacer's minimum gap follows every action). Call it at NextWake,
// or sooner; time must not go backwards. It returns the first error of the ledger,
// after which the engine should not be used.
func (g *Engine) Step(ctx context.Context, now time.Time) error {
	n := now.UnixNano()
	if now != g.now {
		// Most steps come at the instant of the one before (the next action of a
		// seat, an event): only a new instant needs the ordered comparison, made in
		// the nanoseconds the queues keep anyway.
		if n < g.nowN && !g.now.IsZero() {
			return paceline.Errorf(paceline.EINTERNAL, "engine: time went backwards from %s to %s", g.now, now)
		}
		g.now, g.nowN = now, n // a Time holds a pointer: write it only when it changes
	}
	for len(g.timers) > 0 && g.timers[0].at <= n {
		t := g.timers.pop()
		if g.live(t.ref, t.gen) {
			g.fire(g.all[t.ref], time.Unix(0, t.at))
		}
	}
	for g.hygiene.len() > 0 && g.hygiene.first().at <= n {
		g.sweep(g.hygiene.pop())
	}
	batch := g.dirtySeats
	g.dirtySeats = g.spare[:0]
	for g.wakes.len() > 0 {
		s, wake := g.wakes.first()
		if wake == 0 || wake > n {
			break
		}
		g.wakes.set(s, 0)
		if !s.dirty {
			s.dirty = true
			batch = append(batch, s.index)
		}
	}
	// Accounts act in a fixed order, so runs are reproducible. A batch is most often
	// one seat, or a few: those an insertion sort puts in order without a call.
	if len(batch) > 12 {
		slices.Sort(batch)
	}
	for i := 1; i < len(batch) && len(batch) <= 12; i++ {
		for j := i; j > 0 && batch[j] < batch[j-1]; j-- {
			batch[j], batch[j-1] = batch[j-1], batch[j]
		}
	}
	for _, i := range batch {
		if err := g.act(ctx, g.seats[i], now, n); err != nil {
			return err
		}
	}
	g.spare = batch
	return nil
}

// DueNow reports whether an account must be looked at again at the instant of the last
// Step (NextWake would return it): most often the look that follows an action. A
// caller that knows nothing else happens at that instant can step again at once,
// without converting a wake-up back and forth.
func (g *Engine) DueNow() bool {
	return len(g.dirtySeats) > 0 && !g.now.IsZero()
}

// NextWake returns the earliest instant at which Step has something to do: now again
// when an account must be looked at, else the first timer or account wake-up. Before
// the first Step, when the engine has no now, the latest instant one of the waiting
// steps came due stands for it (enrollments put back by Restore as waiting on the
// Pacer). It is zero when nothing can happen until an event
// arrives.
func (g *Engine) NextWake() time.Time {
	next := int64(0)
	if len(g.dirtySeats) > 0 {
		if !g.now.IsZero() {
			return g.now
		}
		next = g.lastReady()
	}
	for len(g.timers) > 0 && !g.live(g.timers[0].ref, g.timers[0].gen) {
		g.timers.pop()
	}
	if len(g.timers) > 0 && (next == 0 || g.timers[0].at < next) {
		next = g.timers[0].at
	}
	if g.hygiene.len() > 0 && (next == 0 || g.hygiene.first().at < next) {
		next = g.hygiene.first().at
	}
	if g.wakes.len() > 0 {
		if _, w := g.wakes.first(); w != 0 && (next == 0 || w < next) {
			next = w
		}
	}
	switch {
	case next == 0:
		return time.Time{}
	case next < g.nowN && !g.now.IsZero():
		return g.now
	}
	return time.Unix(0, next).UTC()
}

// lastReady is the latest instant (unix nanoseconds) at which a step waiting on the
// ready queues of an account to be looked at came due; zero when there is none. The
// latest, not the earliest: the snapshots were taken after every one of them came due,
// so the caller's now is past it anyway, and a look at an earlier instant could send a
// step of higher rank before the instant it came due. Only NextWake before the first
// Step asks, so a walk over every entry costs a run nothing.
func (g *Engine) lastReady() int64 {
	last := int64(0)
	for _, i := range g.dirtySeats {
		s := g.seats[i]
		for k := range s.ready {
			for j := range s.ready[k] {
				if it := &s.ready[k][j]; it.since > last && g.live(it.ref, it.gen) {
					last = it.since
				}
			}
		}
	}
	return last
}

// act looks at one account at now (n in unix nanoseconds): it asks the Pacer about the best waiting step of
// every kind, carries out the best allowed one, and otherwise sets the account's wake
// to the earliest instant any of them may happen.
func (g *Engine) act(ctx context.Context, s *seat, now time.Time, n int64) error {
	s.dirty = false
	wake := int64(0) // the earliest instant a kind not allowed now may be
	var best *item
	var bestNote bool
	// The kinds with steps waiting, in their fixed order. The bits are read afresh
	// for each: a look may queue a withdrawal (relievePressure), which this look
	// then considers too.
	for k := s.nextBusy(0); k < paceline.NumActionKinds; k = s.nextBusy(k + 1) {
		if du := s.downUntil[k]; du > n {
			// The executor said the account cannot act until then (SenderDown).
			if wake == 0 || du < wake {
				wake = du
			}
			continue
		}
		if nb := s.notBefore[k]; nb > n {
			// Nothing since the last answer can have brought this kind forward.
			if nb != never && (wake == 0 || nb < wake) {
				wake = nb
			}
			continue
		}
		d := &s.last[k] // the answer goes straight where Status reads it
		it, note := g.decideHead(s, int(k), now, d)
		switch {
		case it == nil:
		case d.Allowed:
			s.notBefore[k] = 0
			if best == nil || it.before(best) {
				best, bestNote = it, note
			}
		case d.At.IsZero():
			// A hard block (too many pending invites, the connection cap): only an
			// event or a withdrawal can lift it, and both clear notBefore.
			s.notBefore[k] = never
			if d.Reason == limits.ReasonPendingInvites {
				g.relievePressure(s, now)
			}
		default:
			nb := d.At.UnixNano()
			s.notBefore[k] = nb
			if wake == 0 || nb < wake {
				wake = nb
			}
		}
	}
	if best == nil {
		g.wakes.set(s, wake)
		return nil
	}
	err := g.execute(ctx, s, best, bestNote, now)
	g.wakes.set(s, wake)
	return err
}

// nextBusy returns the first kind from k on with steps waiting, or NumActionKinds
// when there is none.
func (s *seat) nextBusy(k uint) uint {
	if rest := s.busy >> k; rest != 0 {
		return k + uint(bits.TrailingZeros16(rest))
	}
	return paceline.NumActionKinds
}

// decideHead asks the Pacer about the best live step waiting in the account's queue of
// kind k. Steps the account can never carry out are skipped on the way, and an invite
// whose personal note cannot go out applies its fallback: plain sends it without the
// note, wait holds it until the quota renews, skip goes on to the next step. The
// Pacer's answer is left in *d (without a step, a zero Decision).
func (g *Engine) decideHead(s *seat, k int, now time.Time, d *limits.Decision) (*item, bool) {
	kind := paceline.ActionKinds[k]
	q := &s.ready[k]
	for {
		it, e := g.peek(q)
		if it == nil {
			*d = limits.Decision{}
			return nil, false
		}
		if kind == paceline.KindInvite && e.camp.acc.reason != "" {
			// Its campaign paused for a low acceptance rate after the invite came due.
			q.pop()
			g.park(e)
			continue
		}
		note := kind == paceline.KindInvite && e.step().Note != nil && !e.plain
		if note && now.Before(s.notesUntil) {
			// No note left until the quota renews: the fallback applies before the
			// note is rendered, so a free account renders only the notes it sends.
			switch e.step().Fallback {
			case sequence.FallbackWait:
				*d = limits.Decision{Kind: kind, At: s.notesUntil, Reason: limits.ReasonNoteQuota, NoteQuotaExhausted: true}
				return it, note
			case sequence.FallbackSkip:
				g.goTo(e, e.camp.Sequence.Next(e.Step), now)
				continue
			}
			g.quotaPlain(e)
		}
		if why := unreachable(kind, &e.lead); why != "" {
			// No attempt could reach the lead (an email step without an address): the
			// executor would fail each try and the lead end as failed. The step is
			// skipped, and the enrollment says why.
			e.Fallback = fmt.Sprintf("step %s: %s; step skipped", e.step().ID, why)
			g.goTo(e, e.camp.Sequence.Next(e.Step), now)
			continue
		}
		if !g.prepare(e, kind, now) {
			continue // held for review or skipped: it left the queue
		}
		note = kind == paceline.KindInvite && e.step().Note != nil && !e.plain
		s.decide(d, now, limits.Request{Kind: kind, Note: note})
		if note && d.NoteQuotaExhausted {
			s.notesUntil = d.At
			switch e.step().Fallback {
			case sequence.FallbackWait:
				return it, note
			case sequence.FallbackSkip:
				g.goTo(e, e.camp.Sequence.Next(e.Step), now)
				continue
			}
			g.quotaPlain(e)
			note = false
			s.decide(d, now, limits.Request{Kind: kind})
		}
		if !d.Allowed && d.At.IsZero() && d.Reason == limits.ReasonNotAvailable {
			// The account cannot do this kind at all (an email step on an account
			// without a mailbox, an InMail on a free account): skip the step rather
			// than hold the lead for ever.
			g.goTo(e, e.camp.Sequence.Next(e.Step), now)
			continue
		}
		return it, note
	}
}

// execute carries out the item's action at now, records it and moves its enrollment.
func (g *Engine) execute(ctx context.Context, s *seat, it *item, note bool, now time.Time) error {
	e := g.byRef(it.ref)
	k := paceline.ActionKinds[e.queued]
	s.ready[e.queued].pop()
	g.unqueue(e)
	e.attempt++
	st := e.step()
	// The action lives in the engine between calls: recorders copy what they keep, and
	// a simulation then allocates nothing per action here.
	a := &g.action
	*a = paceline.Action{
		Key: g.actionKey(e, k, st), At: now, Account: s.Name, Kind: k, Lead: e.Key,
		WithNote: note, Campaign: e.camp.Name, Step: st.ID,
	}
	if g.texts.gate != nil { // the simulator has none: no call for every action
		if held, err := g.gated(ctx, e, a, now); err != nil || held {
			e.attempt-- // not an attempt: it never left
			if err != nil {
				return fmt.Errorf("ask whether %s of %s may go out: %w", a.Kind, a.Lead, err)
			}
			return nil
		}
	}
	// An executor that cannot carry the action out (an error, or no result) has made a
	// failed attempt: it is recorded as such and retried, up to maxFailures.
	out, err := g.executeText(ctx, a, e)
	a.Result = out.Result
	if err != nil || a.Result == "" {
		a.Result = paceline.ResultFailed
	}
	if err := g.opt.Ledger.RecordAction(ctx, a); err != nil {
		return fmt.Errorf("record %s of %s by %s: %w", a.Kind, a.Lead, a.Account, err)
	}
	if s.recorder != nil {
		s.recorder.RecordAction(a)
	} else {
		s.Pacer.Record(*a)
	}
	g.touch(s)
	// Whether the account's attempt of this kind before this one went through: a
	// SenderDown right after one that did may be the lead's trouble (sender_down.go).
	ki := k.Index()
	wentBefore := s.lastOK[ki]
	s.lastOK[ki] = a.Result == paceline.ResultDone
	for _, ev := range out.Events {
		g.Observe(ev)
	}
	if e.phase == phaseEnded {
		return nil
	}
	switch a.Result {
	case paceline.ResultDone:
		e.touched = true
		g.recordSend(e)
		switch {
		case k == paceline.KindWithdraw:
			g.resolveInvite(s, e.person, false) // an invite withdrawn unanswered: not accepted
			g.noteWithdrawn(s, e.person, now.UnixNano())
			s.notBefore[paceline.KindInvite.Index()] = 0 // one pending invite fewer
			if e.detached {
				g.end(e, Finished, "", now)
			} else {
				g.goTo(e, e.camp.Sequence.Timeout(e.Step), now)
			}
		case k == paceline.KindInvite:
			e.invitedAt = now.UnixNano()
			g.watchInvite(e, now)
			g.done(e, now)
		default:
			g.done(e, now)
		}
	case paceline.ResultRefused:
		// The platform said no (a limit notice): the Pacer has heard it and backs off;
		// the step waits for its next slot, keeping its place by age.
		g.enqueue(e, k, e.Due)
	default:
		if down, ok := senderDown(err); ok && !g.holdSender(s, e, k, down, wentBefore, now) {
			return nil
		}
		e.failures++
		if e.failures >= maxFailures {
			g.end(e, Stopped, "failed", now)
			return nil
		}
		g.enqueue(e, k, e.Due)
	}
	return nil
}

// actionKey names one attempt of one step of one enrollment: the same step tried again
// after a refusal is a new attempt with its own key. The keys are written one after
// another into the engine's key buffer and handed out as parts of it: a Builder never
// changes what it has written, so each key stays as it was, and a simulation makes one
// allocation per keyChunk bytes of keys rather than one per action. The enrollment
// keeps the part its keys share, cut from its first, and later keys copy it at once.
func (g *Engine) actionKey(e *Enrollment, k paceline.ActionKind, st *sequence.Step) string {
	b := &g.keys
	if need := len(e.camp.Name) + len(e.Key) + len(st.ID) + 32; b.Cap()-b.Len() < need {
		b.Reset() // the keys already handed out keep the old buffer
		b.Grow(max(keyChunk, need))
	}
	start := b.Len()
	if e.keyPrefix != "" {
		b.WriteString(e.keyPrefix)
	} else {
		b.WriteString(e.camp.Name)
		b.WriteByte('/')
		b.WriteString(e.Key)
		b.WriteByte('/')
		e.keyPrefix = b.String()[start:] // the buffer's bytes never change: later keys copy it
	}
	b.WriteString(st.ID)
	if k == paceline.KindWithdraw {
		b.WriteString("/withdraw")
	}
	if e.attempt > 1 {
		b.WriteByte('#')
		b.WriteString(strconv.FormatUint(uint64(e.attempt), 10))
	}
	return b.String()[start:]
}

// keyChunk is the size of each buffer actionKey writes keys into.
const keyChunk = 16 << 10

// unreachable says why an action of kind k cannot reach the lead at all, or "": an
// email needs the lead's address, and a LinkedIn action a profile or a Sales
// Navigator id. It reads the facts copied into the enrollment: every look at a queue
// asks, and the Lead itself is seldom in the cache.
func unreachable(k paceline.ActionKind, l *leadFacts) string {
	switch {
	case k == paceline.KindEmail:
		if !l.hasEmail {
			return "the lead has no email address"
		}
	case !l.onLinkedIn:
		return "the lead has no LinkedIn profile"
	}
	return ""
}
