package engine

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// Account is one sending seat the engine drives.
type Account struct {
	Name  string
	Pacer Pacer
	// Schedule is the account's working time, which working-time delays count in.
	Schedule paceline.Schedule
	// Weight shares a campaign's new leads among its accounts: an account of weight 2
	// is given twice the leads of one of weight 1. The weekly invite cap is a good
	// weight, so that every account finishes its share at about the same time. Zero
	// counts as 1.
	Weight int
	// NoteLimit is the most characters an invite note may have once rendered (200 on
	// free accounts, 300 on paid ones: limits.Preset.NoteMaxChars); 0 checks nothing.
	NoteLimit int
	// SenderName is the first name the account signs with: templates read it as
	// {{sender_first_name}} (paceline.Account.SenderName).
	SenderName string
}

// seat is an account with the engine's working state: its ready steps per kind and the
// instant it next needs attention.
type seat struct {
	Account
	index int
	cal   *limits.Calendar // Schedule's days, cached for working-time delays
	// recorder and decider are the Pacer when it records attempts by pointer and
	// writes its answers in place, else nil.
	recorder ActionRecorder
	decider  DecidingInto
	ready    [paceline.NumActionKinds]readyQueue
	waiting  [paceline.NumActionKinds]int // live (not stale) entries per kind
	// busy has bit k set while waiting[k] > 0: act visits only those kinds, most
	// often one or two of the ten, without reading every count.
	busy     uint16
	assigned int // leads ever assigned, for rotation
	// pending holds, by lead number, the account's invites out and not yet answered
	// or withdrawn to leads who had one pending from another account when it went out;
	// the others are on the lead's person (pending.go).
	pending map[int32]invite
	// pressure is the withdrawal queued because too many invites are pending, if any:
	// one at a time, each freeing a place for a new invite.
	pressure *Enrollment
	// connected holds the leads who accepted the account's invite: lead number ->
	// when. A later campaign sends to them from this account, without a new invite.
	connected map[int32]int64
	// withdrawn holds, by lead number, when the account last withdrew its invite to the
	// lead, for the leads whose own slot (person.wdSeat) another account holds
	// (reinvite.go); nil until there is one.
	withdrawn map[int32]int64

	// dirty marks a seat whose Pacer state or ready steps changed since it was last
	// looked at: it must be looked at again before the engine sleeps.
	dirty bool
	// wake is the earliest instant (unix nanoseconds) a waiting step may be allowed;
	// zero when nothing is waiting or only hard blocks (which events lift) remain.
	wake int64
	// notesUntil caches a "note quota exhausted" answer until the quota renews, so a
	// free account does not ask twice for every invite after its fifth note.
	notesUntil time.Time
	// notBefore caches, per kind, the Pacer's last "not before" answer (unix
	// nanoseconds; never for a hard block). Recording an action only ever pushes a
	// kind's next slot later, so the answer stays a lower bound until an event (which
	// may bring it forward) clears it; the engine asks again only once it is reached.
	notBefore [paceline.NumActionKinds]int64
	// downUntil holds, per kind, the instant (unix nanoseconds) until which the
	// executor said the account cannot act (SenderDown), and downWhy its words: act
	// leaves the kind alone until then. Unlike notBefore, events do not clear it.
	downUntil [paceline.NumActionKinds]int64
	downWhy   [paceline.NumActionKinds]string
	// lastOK says, per kind, whether the account's latest attempt went through (done):
	// a SenderDown right after one that did counts against the lead (sender_down.go).
	lastOK [paceline.NumActionKinds]bool
	// last is the Pacer's latest answer per kind, to say why steps wait.
	last [paceline.NumActionKinds]limits.Decision
}

// invite is one pending invite: when it was sent, by which enrollment and step, and
// which campaign's acceptance window its answer goes to (camp nil: none, as for an
// invite restored from a snapshot, whose answer the runtime replays itself).
type invite struct {
	at   int64
	e    *Enrollment
	step int
	camp *campaign
	slot int64
}

// never marks a kind that only an event can unblock.
const never = int64(^uint64(0) >> 1)

// forget clears the cached Pacer answers the event may have brought forward: every
// kind's, unless the Pacer says which kinds an event can hasten (Hastener), or which
// of its answers (AnswerHastener: last[k] is the answer notBefore[k] came from).
func (s *seat) forget(ev paceline.Event) {
	if a, ok := s.Pacer.(AnswerHastener); ok {
		for k, nb := range s.notBefore {
			if nb != 0 && a.HastensAnswer(ev, paceline.ActionKinds[k], &s.last[k]) {
				s.notBefore[k] = 0
			}
		}
		return
	}
	h, ok := s.Pacer.(Hastener)
	if !ok {
		s.notBefore = [paceline.NumActionKinds]int64{}
		return
	}
	for k, nb := range s.notBefore {
		if nb != 0 && h.Hastens(ev, paceline.ActionKinds[k]) {
			s.notBefore[k] = 0
		}
	}
}

func (s *seat) weight() int {
	if s.Weight <= 0 {
		return 1
	}
	return s.Weight
}

// decide asks the account's Pacer about req at now and leaves the answer in *d.
func (s *seat) decide(d *limits.Decision, now time.Time, req limits.Request) {
	if s.decider != nil {
		s.decider.DecideInto(d, now, req)
		return
	}
	*d = s.Pacer.Decide(now, req)
}
