package engine

import (
	"time"

	"github.com/paceline/paceline"
)

// Snapshot is what a durable runtime keeps of one enrollment so that a new engine, in
// another process or after a crash, carries on exactly where the last one stopped: the
// step, what the step waits for, and the counters that name the next attempt's
// idempotency key (the same step is never sent under two keys).
type Snapshot struct {
	Step       int       `json:"step"`
	State      State     `json:"state"`
	Phase      uint8     `json:"phase"`
	Due        time.Time `json:"due"`
	Connected  bool      `json:"connected,omitempty"`
	AcceptedAt time.Time `json:"accepted_at,omitzero"`
	Touched    bool      `json:"touched,omitempty"`
	Plain      bool      `json:"plain,omitempty"`
	Failures   int       `json:"failures,omitempty"`
	Attempt    int       `json:"attempt,omitempty"`
	InvitedAt  time.Time `json:"invited_at,omitzero"`
	Started    time.Time `json:"started"`
	Ended      time.Time `json:"ended,omitzero"`
	Reason     string    `json:"reason,omitempty"`
	// Fallback and Variants carry what the enrollment's texts did: why a step did not
	// go out as written, and which variant of each step the lead was given (so a
	// goal event credits the variant that was sent, across ticks and processes).
	Fallback string       `json:"fallback,omitempty"`
	Variants []VariantUse `json:"variants,omitempty"`
}

// Snapshot returns the enrollment's state for Restore.
func (e *Enrollment) Snapshot() Snapshot {
	s := Snapshot{
		Step: e.Step, State: e.State, Phase: uint8(e.phase), Due: e.Due,
		Connected: e.Connected, AcceptedAt: e.AcceptedAt, Touched: e.touched, Plain: e.plain,
		Failures: int(e.failures), Attempt: int(e.attempt), Started: e.Started, Ended: e.Ended,
		Reason: e.Reason, Fallback: e.Fallback, Variants: e.Variants,
	}
	if e.invitedAt != 0 {
		s.InvitedAt = time.Unix(0, e.invitedAt).UTC()
	}
	return s
}

// Restore puts back an enrollment a previous engine saved with Snapshot: the lead goes
// on from the account it was enrolled from, at the step, phase and due time it had,
// with its pending invite known to the account (so invite hygiene and the pending-invite
// pressure see it). An ended enrollment is kept for reporting only. Errors: ENOTFOUND
// for an unknown campaign, EINVALID for an account that does not send for the campaign
// or a step outside the sequence, ECONFLICT for a lead that already runs.
func (g *Engine) Restore(campaignName string, l *paceline.Lead, account string, snap Snapshot) (*Enrollment, error) {
	c := g.campaigns[campaignName]
	if c == nil {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "campaign %q does not exist", campaignName)
	}
	var s *seat
	for _, cs := range c.seats {
		if cs.Name == account {
			s = cs
		}
	}
	if s == nil {
		return nil, paceline.FieldErrorf("account", "%s does not send for campaign %s", account, campaignName)
	}
	key := LeadKey(l)
	if key == "" {
		return nil, paceline.FieldErrorf("lead", "%q has no profile URL, Sales Navigator id or email to know it by", l.Name())
	}
	ended := snap.State == Finished || snap.State == Stopped
	if !ended && (snap.Step < 0 || snap.Step >= len(c.Sequence.Steps)) {
		return nil, paceline.FieldErrorf("step", "%d is outside campaign %s's %d steps", snap.Step, campaignName, len(c.Sequence.Steps))
	}
	id := g.personID(key)
	if other := g.people[id].active; other != nil && !ended {
		return nil, paceline.Errorf(paceline.ECONFLICT, "lead %s is already in campaign %s (one active enrollment per lead)", key, other.camp.Name)
	}
	e := &Enrollment{
		ID: int64(len(g.all) + 1), Lead: l, Key: key, Account: account, Step: snap.Step,
		State: snap.State, Due: snap.Due, Connected: snap.Connected, AcceptedAt: snap.AcceptedAt,
		Started: snap.Started, Ended: snap.Ended, Reason: snap.Reason, Fallback: snap.Fallback,
		Variants: snap.Variants, camp: c, seat: s, queued: -1, phase: phase(snap.Phase), touched: snap.Touched, plain: snap.Plain,
		failures: uint8(min(snap.Failures, 255)), attempt: uint16(min(snap.Attempt, 65535)), person: id, ref: int32(len(g.all)), lead: factsOf(l),
	}
	if !snap.InvitedAt.IsZero() {
		e.invitedAt = snap.InvitedAt.UnixNano()
	}
	g.all = append(g.all, e)
	g.gens = append(g.gens, e.gen)
	s.assigned++
	// A variant sent before the snapshot still waits for its goal: an accept or a reply
	// that arrives after the restore is its success. A running enrollment is the lead's
	// latest sender; an ended one only when nothing newer is known, and not once a reply
	// closed its test.
	if sentVariant(e.Variants) && (!ended || g.people[id].awaiting == nil && e.Reason != string(paceline.EventReplied)) {
		g.await(e)
	}
	if snap.Connected {
		if _, ok := s.connected[id]; !ok {
			s.connected[id] = snap.AcceptedAt.UnixNano()
		}
		g.people[id].seen = s
	}
	if ended {
		e.phase, e.Step = phaseEnded, -1
		return e, nil
	}
	g.people[id].active = e
	g.running++
	if e.invitedAt != 0 && !e.Connected && (e.phase == phaseWait || e.phase == phaseWithdraw) {
		g.setPending(s, id, invite{at: e.invitedAt, e: e, step: e.Step})
		g.people[id].seen = s
		if g.opt.WithdrawAfter >= 0 {
			g.hygiene.push(watch{at: e.invitedAt + int64(g.opt.WithdrawAfter), id: e.ID, inv: e.invitedAt, step: e.Step})
		}
	}
	switch e.phase {
	case phaseReady:
		g.enqueue(e, e.step().Kind, e.Due)
	case phaseWithdraw:
		g.enqueue(e, paceline.KindWithdraw, e.Due)
	case phaseWait:
		e.State = Waiting
		g.schedule(e, e.Due)
	case phaseHeld:
		// Waits for a person (Engine.Resume): nothing to schedule.
		e.State = Held
	default:
		e.phase = phaseDelay
		g.schedule(e, e.Due)
	}
	return e, nil
}
