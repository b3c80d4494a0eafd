package engine

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
)

// State is where an enrollment stands.
type State uint8

// The enrollment states.
const (
	// Active: a step is coming due (its delay runs) or is due and waits for the Pacer.
	Active State = iota
	// Waiting: the step's action is done and its wait_for holds the lead for an event.
	Waiting
	// Finished: the sequence ran to its end (or a timeout ended it).
	Finished
	// Stopped: a stop_on event (a reply on any channel, an opt-out, a bounce) or
	// repeated failures ended it early.
	Stopped
	// Held: the step's text cannot go out as it is (a blank field, a note too long for
	// the account) and waits for a person (Engine.Resume); Fallback says why.
	Held
)

var stateNames = [...]string{"active", "waiting", "finished", "stopped", "held"}

// String returns the state's name.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// phase refines Active and Waiting into what the engine is waiting for.
type phase uint8

const (
	phaseDelay    phase = iota // the step's delay runs (a timer)
	phaseReady                 // the step's action waits for the Pacer (a ready queue)
	phaseWithdraw              // a wait_for timed out: its withdraw waits for the Pacer
	phaseWait                  // waiting for the wait_for event (a timer for the timeout)
	phaseEnded
	phaseHeld // the step's text waits for a person (Held)
)

// maxFailures is how many failed attempts of one step stop an enrollment: a step that
// keeps failing needs a person, not a loop.
const maxFailures = 3

// Enrollment is one lead going through one campaign's sequence from one account.
type Enrollment struct {
	// The fields are in two groups: what every step of the decision loop reads or
	// writes first, packed into the first two cache lines, then what it reads rarely.
	// With tens of thousands of leads an enrollment is seldom in the cache, and each
	// line it spans costs a trip to memory.

	ID   int64
	Lead *paceline.Lead
	camp *campaign
	seat *seat
	// Step is the index of the current step in the sequence; -1 once ended.
	Step  int
	Key   string // the lead's key (LeadKey)
	State State
	// Connected and AcceptedAt say whether and when the lead accepted the sending
	// account's invite.
	Connected bool
	phase     phase
	queued    int8 // the kind index of the ready queue holding it, -1 if none
	touched   bool // some action reached the lead: later steps are follow-ups
	plain     bool // the invite falls back to no note
	failures  uint8
	// detached marks the withdrawal invite hygiene queues on its own, for an invite the
	// sequence left pending: it is not the lead's enrollment and is not counted.
	detached bool
	gen      uint32 // bumped on every change, so queued and timed entries can go stale
	person   int32  // the lead's number (leads.go)
	ref      int32  // where Engine.byRef finds it
	attempt  uint16 // attempts of the current step, for idempotency keys
	rendered int16  // Step+1 while text holds the current step's text
	// lead holds the facts of Lead an if: and the ready queue read, copied at
	// enrollment: the Lead itself, seldom in the cache, spans several lines.
	lead leadFacts
	// invitedAt is when the enrollment's latest invite went out.
	invitedAt int64
	// seed is the lead key's share of its spintax seeds (stepSeed), worked out at
	// the first ask: every delay picked and every text rendered asks. Zero: not yet.
	seed personalize.LeadSeed
	// Due is when the current step comes due (Active) or when its wait times out
	// (Waiting).
	Due        time.Time
	AcceptedAt time.Time
	// text is the current step's rendered text, valid while rendered is Step+1.
	text Text

	Account string // the sending account, fixed at enrollment
	// keyPrefix is "campaign/lead/", the start of every action key of the enrollment,
	// as its first key wrote it into the engine's key buffer (actionKey).
	keyPrefix string
	// Started and Ended bound the enrollment; Ended is zero while it runs.
	Started, Ended time.Time
	// Reason says why a stopped enrollment stopped: the event kind, or "failed".
	Reason string
	// Fallback says why the latest text step did not go out as written: sent as a
	// plain invite, skipped, or held for review (State Held), and what to fix.
	Fallback string
	// Variants are the step variants the lead was given, in order (see VariantUse).
	Variants []VariantUse
}

// Campaign returns the name of the enrollment's campaign.
func (e *Enrollment) Campaign() string { return e.camp.Name }

// step returns the current step.
func (e *Enrollment) step() *sequence.Step { return &e.camp.Sequence.Steps[e.Step] }

// facts are what an if: may test about the lead now.
func (e *Enrollment) facts() sequence.Facts {
	return sequence.Facts{
		Connected:   e.Connected,
		OpenProfile: e.lead.openProfile,
		HasEmail:    e.lead.hasEmail,
		Premium:     e.lead.premium,
		Score:       int(e.lead.score),
	}
}

// leadFacts are the lead's facts as the engine reads them on every step. A lead's
// facts are those it had when it was enrolled or restored: the runtime restores its
// enrollments with fresh leads on every tick.
type leadFacts struct {
	score                          int32
	openProfile, hasEmail, premium bool
	onLinkedIn                     bool // a profile or a Sales Navigator id to reach
}

// factsOf copies the facts of l that leadFacts holds.
func factsOf(l *paceline.Lead) leadFacts {
	return leadFacts{score: int32(l.Score), openProfile: l.OpenProfile, hasEmail: l.Email != "", premium: l.Premium,
		onLinkedIn: l.ProfileKey != "" || l.SalesKey != ""}
}

// stepSeed is personalize.Seed(e.Key, stepID), with the key hashed once per enrollment.
func (e *Enrollment) stepSeed(stepID string) uint64 {
	if e.seed == 0 {
		e.seed = personalize.SeedOfLead(e.Key)
	}
	return e.seed.Step(stepID)
}
